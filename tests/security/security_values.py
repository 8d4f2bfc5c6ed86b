"""Test-only secret values for the security tests (reviewed in .secrets.baseline)."""

APP_SECRET_NEW = "test-app-secret-new"
APP_SECRET_OLD = "test-app-secret-old"
VERIFY_TOKEN = "test-verify-token"
TOKEN_KEY_NEW = "test-token-key-new"
TOKEN_KEY_OLD = "test-token-key-old"
API_KEY = "test-key-current"
CLIENTS = "quote-admin:admin-pass:quotes:read quotes:write export\nreader:reader-pass:quotes:read"
