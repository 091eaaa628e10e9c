"""config.cells: the formula-neutralising apostrophe is added and removed exactly once (issue 11)."""
import pytest

from config.cells import neutralise, restore


@pytest.mark.parametrize("text, written", [
    ("=1+1", "'=1+1"), ("+82", "'+82"), ("-홍보", "'-홍보"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("'=x", "''=x"), ("''-x", "'''-x"),
    ("'서울사랑' 발간", "'서울사랑' 발간"), ("[공모]", "[공모]"), ("a=b", "a=b"), ("", ""), ("'", "'"),
])
def test_neutralise_then_restore_is_the_identity(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


def test_numbers_stay_numbers():
    assert neutralise(-5) == -5 and neutralise(-1.5) == -1.5 and neutralise(None) is None
