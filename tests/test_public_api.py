import memdb


def test_all_is_sorted_and_complete() -> None:
    assert memdb.__all__ == sorted(memdb.__all__)
    for name in memdb.__all__:
        assert getattr(memdb, name) is not None


def test_every_error_is_a_memdb_error_with_an_http_status() -> None:
    errors = [getattr(memdb, n) for n in memdb.__all__ if n.endswith("Error") and n != "MemdbError"]
    assert len(errors) == 15
    for error in errors:
        assert issubclass(error, memdb.MemdbError)
        assert 400 <= error.status_code < 600
    assert {e.code for e in errors} == {
        "invalid_input", "not_found", "conflict", "config_error", "storage_error", "index_error", "embedding_error",
        "unauthenticated", "forbidden", "method_not_allowed", "payload_too_large", "internal_error",
        "malformed_request", "request_timeout", "server_busy",
    }
