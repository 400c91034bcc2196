-- A token may expire. NULL never expires (the development and load tokens, which only exist
-- outside the prod profile). The service compares it with the clock on every request, also for a
-- cached lookup, so an expired token stops working at once; deleting a row (revocation) takes
-- effect once the instance's token cache entry lapses (platform.auth.cache-ttl, 60 s).
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
