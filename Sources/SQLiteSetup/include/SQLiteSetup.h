#ifndef BAILANYS_SQLITE_SETUP_H
#define BAILANYS_SQLITE_SETUP_H

/// Puts SQLite in multi-thread mode (no mutex per connection) and turns off its memory statistics (a global mutex
/// around every allocation). GRDB already serializes all use of each connection, so those locks only cost time:
/// two to four of them for every bound value, step and allocation. Must run before SQLite's first connection in the
/// process; later it changes nothing and returns SQLITE_MISUSE (21). Returns SQLITE_OK (0) once applied.
int bailanys_sqlite_use_unlocked_connections(void);

#endif
