#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "TestEnvironment.h"

// Swift Testing captures a backtrace (glibc's backtrace, libgcc's unwinder) for every Swift error thrown in a
// test. With this toolchain the unwinder can dereference null walking a test's frames, killing the whole test
// process with signal 11; whether it does depends on the build (seen at ExportTests' expected
// `calendarOfMeetups` throw, never with the capture off). Swift Testing reads the switch once, when it starts,
// so it is set here, before main, unless whoever runs the tests set it already.
__attribute__((constructor)) static void disableThrownErrorBacktraces(void) {
    setenv("SWT_SWIFT_ERROR_BACKTRACING_ENABLED", "0", 0);
}

// Hundreds of tests each make a folder under the temporary directory (directories, homes of the binaries they run),
// and none can know when the last reader of its folder is done. So the whole run gets one folder of its own: TMPDIR
// points into it before main (Foundation's temporaryDirectory and every spawned binary follow TMPDIR), and it is
// removed when the test process exits. Without it, /tmp gained ~2,000 folders per run and filled the disk in weeks.
static char runFolder[4096];

__attribute__((constructor)) static void useOneTemporaryFolderPerRun(void) {
    const char *base = getenv("TMPDIR");
    int length = snprintf(runFolder, sizeof runFolder, "%s/bailanys-test-run-XXXXXX", base && *base ? base : "/tmp");
    if (length <= 0 || length >= (int)sizeof runFolder || !mkdtemp(runFolder)) {
        runFolder[0] = 0;  // the tests still run, in the old TMPDIR
        return;
    }
    chmod(runFolder, 0755);  // as a folder made under /tmp would be: a test runs the binary as `nobody` in it
    setenv("TMPDIR", runFolder, 1);
}

static int removeEntry(const char *path, const struct stat *status, int kind, struct FTW *position) {
    (void)status; (void)kind; (void)position;
    remove(path);
    return 0;  // remove what can be removed; a busy entry does not stop the rest
}

__attribute__((destructor)) static void removeTheRunsTemporaryFolder(void) {
    if (runFolder[0]) nftw(runFolder, removeEntry, 32, FTW_DEPTH | FTW_PHYS);
}
