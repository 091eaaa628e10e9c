"""One upload limit: Streamlit's server.maxUploadSize and nginx's client_max_body_size agree (issue 11)."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_and_nginx_upload_limits_are_one_value():
    streamlit = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]["maxUploadSize"]
    nginx = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", (ROOT / "deploy/nginx.conf").read_text(), re.M)
    assert nginx and set(nginx) == {str(streamlit)}
    assert f"{streamlit} MB" in (ROOT / "README.md").read_text()
