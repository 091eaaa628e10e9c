-- PostgreSQL roles for the dashboard (README.md, "Deploying: database roles").
--
--   dash_admin  (writer) owns the schema objects: runs `manage.py` (migrations, imports, demo
--               data, user administration).
--   dash_app    (reader) is the Streamlit app's role: SELECT on every table, and only the writes
--               the app itself makes (section 4: sessions, sign-in failures, audit_event
--               insert-only; app_user read-only). It cannot create objects.
--               The admin upload page imports as dash_admin (DASHBOARD_ADMIN_DATABASE_URL).
--
-- Apply as a superuser (or a role with CREATEROLE that owns the database), connected to the
-- dashboard's database. Idempotent: apply it once before `manage.py init-db` (creates the roles
-- and the schema rights the writer needs to migrate) and again after every migration (grants on
-- the sign-in tables, which only exist once migrated). Reporting tables the writer creates later
-- get SELECT for the app role automatically (ALTER DEFAULT PRIVILEGES).
--
--   psql -X -v ON_ERROR_STOP=1 \
--        -v app_password="$DASH_APP_PASSWORD" -v admin_password="$DASH_ADMIN_PASSWORD" \
--        -d dashboard -f deploy/postgres_roles.sql
--
-- Variables (psql -v NAME=VALUE); passwords are never stored in this file or in git:
--   app_role        default dash_app
--   admin_role      default dash_admin
--   app_password    password of app_role   (omit: the password is left unchanged; a new role
--   admin_password  password of admin_role  created without one can only sign in by trust/peer)
--   schema          default public

\set ON_ERROR_STOP 1
\if :{?app_role}
\else
  \set app_role dash_app
\endif
\if :{?admin_role}
\else
  \set admin_role dash_admin
\endif
\if :{?schema}
\else
  \set schema public
\endif

-- the names for the DO blocks below (psql does not substitute variables inside $$ ... $$)
SELECT set_config('dash.app_role', :'app_role', false) AS app_role,
       set_config('dash.admin_role', :'admin_role', false) AS admin_role,
       set_config('dash.schema', :'schema', false) AS schema \gset dash_

-- 1. the two login roles (cluster-wide), passwords only from psql variables
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'admin_role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'admin_role') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'app_role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec
\if :{?admin_password}
SELECT format('ALTER ROLE %I PASSWORD %L', :'admin_role', :'admin_password') \gexec
\endif
\if :{?app_password}
SELECT format('ALTER ROLE %I PASSWORD %L', :'app_role', :'app_password') \gexec
\endif

-- 2. database and schema: both may connect; only the writer may create objects
SELECT format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), :'admin_role', :'app_role') \gexec
SELECT format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', :'schema') \gexec
SELECT format('REVOKE CREATE ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', :'schema', :'admin_role') \gexec
SELECT format('GRANT USAGE ON SCHEMA %I TO %I', :'schema', :'app_role') \gexec
SELECT format('REVOKE CREATE ON SCHEMA %I FROM %I', :'schema', :'app_role') \gexec

-- 3. the writer owns every table and sequence already in the schema (e.g. migrated earlier
--    by postgres), so it can migrate and load them
DO $$
DECLARE
    obj record;
BEGIN
    FOR obj IN
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_setting('dash.schema') AND c.relkind IN ('r', 'p', 'v', 'm')
           AND pg_get_userbyid(c.relowner) <> current_setting('dash.admin_role')
    LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                       CASE obj.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                       current_setting('dash.schema'), obj.relname, current_setting('dash.admin_role'));
    END LOOP;
    -- sequences owned by a column follow their table; free-standing ones are moved here
    FOR obj IN
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_setting('dash.schema') AND c.relkind = 'S'
           AND pg_get_userbyid(c.relowner) <> current_setting('dash.admin_role')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER SEQUENCE %I.%I OWNER TO %I',
                       current_setting('dash.schema'), obj.relname, current_setting('dash.admin_role'));
    END LOOP;
END
$$;

-- 4. the app role: read everything, write only what the app itself does (least privilege).
--    THE LIST BELOW is the one place to extend: one row per table the app writes, with exactly the
--    statements it runs (column lists allowed, e.g. 'UPDATE (revoked_at)'). SELECT on every table
--    comes from the GRANT above it; sequences of a listed table with INSERT get USAGE.
--    What the app does (auth/accounts.py; user administration is manage.py's, as the writer):
--      app_user       sign-in reads it only (add/disable/reset/enable users: manage.py)
--      auth_session   open a session (INSERT), sign out / revoke (UPDATE revoked_at), drop sessions
--                     expired a week ago (DELETE)
--      login_failure  record a failure (INSERT), clear on success / drop day-old ones (DELETE)
--      audit_event    append only (INSERT): the app can neither edit nor delete the trail
--      explanation    save a new version of a 부진사유·대책 (INSERT); never UPDATE or DELETE
--    The mail tables (mail_subscription, mail_delivery), load history and alert history are
--    written by manage.py / the import as the writer; the app only reads them.
SELECT format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', :'schema', :'app_role') \gexec
SELECT format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', :'schema', :'app_role') \gexec
SELECT format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', :'schema', :'app_role') \gexec
DO $$
DECLARE
    grant_row record;
    seq text;
BEGIN
    FOR grant_row IN
        SELECT * FROM (VALUES
            ('app_user',      NULL),
            ('auth_session',  'INSERT, UPDATE (revoked_at), DELETE'),
            ('login_failure', 'INSERT, DELETE'),
            ('audit_event',   'INSERT'),
            ('explanation',   'INSERT')   -- 부진사유·대책: versions, never edits (issue 14)
        ) AS app_writes(tbl, privileges)
    LOOP
        IF to_regclass(format('%I.%I', current_setting('dash.schema'), grant_row.tbl)) IS NULL THEN
            RAISE NOTICE 'table %.% does not exist yet: apply this file again after manage.py init-db',
                         current_setting('dash.schema'), grant_row.tbl;
            CONTINUE;
        END IF;
        IF grant_row.privileges IS NULL THEN
            CONTINUE;  -- read only
        END IF;
        EXECUTE format('GRANT %s ON %I.%I TO %I', grant_row.privileges,
                       current_setting('dash.schema'), grant_row.tbl, current_setting('dash.app_role'));
        IF grant_row.privileges LIKE '%INSERT%' THEN
            FOR seq IN
                SELECT s.oid::regclass::text FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                 WHERE d.refobjid = format('%I.%I', current_setting('dash.schema'), grant_row.tbl)::regclass
                   AND d.deptype IN ('a', 'i')
            LOOP
                EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I', seq, current_setting('dash.app_role'));
            END LOOP;
        END IF;
    END LOOP;
END
$$;

-- 5. tables the writer creates later (new reporting tables) are readable by the app role
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT ON TABLES TO %I',
              :'admin_role', :'schema', :'app_role') \gexec
