# Linux-only tests (owned by the Linux backend work).
