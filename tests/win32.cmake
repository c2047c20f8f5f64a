# Windows-only tests (owned by the Windows backend work).
