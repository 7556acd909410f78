#include "SQLiteSetup.h"
#include <sqlite3.h>

// In C because sqlite3_config is variadic, which Swift cannot call.
int bailanys_sqlite_use_unlocked_connections(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (threading != SQLITE_OK) return threading;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
