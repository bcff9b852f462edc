/*
 * walbuffer: a SQLite VFS shim that writes a transaction's WAL frames in a few large writes
 * instead of two system calls per frame (docs/performance.md "WAL frames written together").
 *
 * Why: SQLite's WAL writer issues one pwrite for each frame's 24-byte header and one for its
 * page. A card payment dirties ~8 pages, so the ledger's writer made ~20 system calls a payment,
 * a tenth to a fifth of its CPU on these virtual machines. This shim keeps appended WAL bytes in
 * a buffer and writes them when the transaction's commit frame has been appended.
 *
 * What keeps it safe (the shim never holds bytes anyone else could need):
 *  - only a WAL file holds bytes; a database file is wrapped only so that its shared-memory lock
 *    and barrier calls are seen (below); journals and temporary files go to the default VFS;
 *  - the buffer holds only bytes appended in order; any other write, read, sync, size, truncate,
 *    file control or close on that WAL writes the buffer first, so the file always reads as if
 *    every write had gone straight through;
 *  - a commit frame (its header's "database size after commit" field is not zero) is written out
 *    with everything before it as soon as its page is appended: before SQLite syncs the WAL and
 *    before it publishes the commit in the WAL index, so readers and recovery see whole commits
 *    and an error is reported to the commit that caused it;
 *  - frames of a transaction that spilled pages and then rolled back, or is still open, are
 *    written before any shared-memory lock or barrier call on the same thread: the writer still
 *    holds the WAL's write lock then (it releases it through such a call), so no other writer
 *    can have used those offsets;
 *  - a failed write keeps the bytes and fails the next operation on the file, never drops them.
 * SQLite's unix VFS writes at most 128 KiB in one call, so the buffer is smaller than that. A
 * WAL on a device without powersafe overwrite (SQLite then pads commits to a sector, syncing in
 * the middle of a frame) is not wrapped.
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <stdlib.h>
#include <string.h>

/* Under the unix VFS's 128 KiB limit for one write (it masks the length with 0x1ffff). */
#define WALBUFFER_BYTES_MAX (126 * 1024)
#define WAL_FRAME_HEADER_BYTES 24

typedef struct WalFile WalFile;
struct WalFile {
  sqlite3_file base;
  sqlite3_file *real;
  unsigned char *bytes;
  int used;
  sqlite3_int64 offset;
  /* The last write appended a commit frame's header: write out once its page follows. */
  int commitHeaderSeen;
};

/* A database file: only its shared-memory calls are looked at; everything else passes through. */
typedef struct DbFile {
  sqlite3_file base;
  sqlite3_file *real;
} DbFile;

static sqlite3_vfs walbufferVfs;
static sqlite3_vfs *defaultVfs;
/* The WAL file with bytes held on this thread (a connection writes from one thread). */
static _Thread_local WalFile *heldOnThread;
static sqlite3_int64 appendCount, writeCount;

static int writeHeld(WalFile *p) {
  if (p->used == 0) return SQLITE_OK;
  int rc = p->real->pMethods->xWrite(p->real, p->bytes, p->used, p->offset);
  if (rc != SQLITE_OK) return rc;
  __atomic_add_fetch(&writeCount, 1, __ATOMIC_RELAXED);
  p->used = 0;
  if (heldOnThread == p) heldOnThread = 0;
  return SQLITE_OK;
}

static int walClose(sqlite3_file *f) {
  WalFile *p = (WalFile *)f;
  int rc = writeHeld(p);
  if (heldOnThread == p) heldOnThread = 0;
  int closed = p->real->pMethods->xClose(p->real);
  sqlite3_free(p->bytes);
  p->bytes = 0;
  return rc != SQLITE_OK ? rc : closed;
}

static int walRead(sqlite3_file *f, void *out, int n, sqlite3_int64 at) {
  WalFile *p = (WalFile *)f;
  int rc = writeHeld(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xRead(p->real, out, n, at);
}

static int walWrite(sqlite3_file *f, const void *in, int n, sqlite3_int64 at) {
  WalFile *p = (WalFile *)f;
  int rc;
  /* Decided before anything is written out: this write is the page of a commit frame. */
  int commitPage = p->commitHeaderSeen && n > WAL_FRAME_HEADER_BYTES;
  p->commitHeaderSeen = 0;
  if (n == WAL_FRAME_HEADER_BYTES) {
    const unsigned char *h = in;
    /* Bytes 4-7 of a frame header: the database's size in pages after a commit, else zero. */
    p->commitHeaderSeen = (h[4] | h[5] | h[6] | h[7]) != 0;
  }
  int appends = p->used > 0 && at == p->offset + p->used && p->used + n <= WALBUFFER_BYTES_MAX;
  if (!appends) {
    rc = writeHeld(p);
    if (rc != SQLITE_OK) return rc;
    /* One file holds bytes per thread, so the lock and barrier calls always find them; another
       connection's (two databases written from one thread) goes out first, under its own lock. */
    int otherStuck = heldOnThread && heldOnThread != p && writeHeld(heldOnThread) != SQLITE_OK;
    if (!p->bytes && n <= WALBUFFER_BYTES_MAX) p->bytes = sqlite3_malloc(WALBUFFER_BYTES_MAX);
    if (otherStuck || !p->bytes || n > WALBUFFER_BYTES_MAX) {
      __atomic_add_fetch(&writeCount, 1, __ATOMIC_RELAXED);
      return p->real->pMethods->xWrite(p->real, in, n, at);
    }
    p->offset = at;
  }
  memcpy(p->bytes + p->used, in, (size_t)n);
  p->used += n;
  heldOnThread = p;
  __atomic_add_fetch(&appendCount, 1, __ATOMIC_RELAXED);
  return commitPage ? writeHeld(p) : SQLITE_OK;
}

static int walTruncate(sqlite3_file *f, sqlite3_int64 size) {
  WalFile *p = (WalFile *)f;
  int rc = writeHeld(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xTruncate(p->real, size);
}

static int walSync(sqlite3_file *f, int flags) {
  WalFile *p = (WalFile *)f;
  int rc = writeHeld(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xSync(p->real, flags);
}

static int walFileSize(sqlite3_file *f, sqlite3_int64 *size) {
  WalFile *p = (WalFile *)f;
  int rc = writeHeld(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xFileSize(p->real, size);
}

static int walLock(sqlite3_file *f, int level) { return ((WalFile *)f)->real->pMethods->xLock(((WalFile *)f)->real, level); }
static int walUnlock(sqlite3_file *f, int level) { return ((WalFile *)f)->real->pMethods->xUnlock(((WalFile *)f)->real, level); }
static int walCheckReservedLock(sqlite3_file *f, int *out) { return ((WalFile *)f)->real->pMethods->xCheckReservedLock(((WalFile *)f)->real, out); }

static int walFileControl(sqlite3_file *f, int op, void *arg) {
  WalFile *p = (WalFile *)f;
  int rc = writeHeld(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xFileControl(p->real, op, arg);
}

static int walSectorSize(sqlite3_file *f) { return ((WalFile *)f)->real->pMethods->xSectorSize(((WalFile *)f)->real); }
static int walDeviceCharacteristics(sqlite3_file *f) { return ((WalFile *)f)->real->pMethods->xDeviceCharacteristics(((WalFile *)f)->real); }

/* SQLite never maps or locks a WAL file's shared memory: version 1 methods are all it uses. */
static const sqlite3_io_methods walMethods = {
    1, walClose, walRead, walWrite, walTruncate, walSync, walFileSize, walLock, walUnlock, walCheckReservedLock, walFileControl, walSectorSize, walDeviceCharacteristics,
    0, 0, 0, 0, 0, 0};

/*
 * The database file's shared-memory lock and barrier calls are where a commit is published and
 * where the writer lets go of the WAL: anything still held on this thread is written first.
 * A failure is kept with the bytes and reported by the WAL's next operation.
 */
static void writeHeldOnThread(void) {
  if (heldOnThread) (void)writeHeld(heldOnThread);
}

#define REAL(f) (((DbFile *)(f))->real)
static int dbClose(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int dbRead(sqlite3_file *f, void *out, int n, sqlite3_int64 at) { return REAL(f)->pMethods->xRead(REAL(f), out, n, at); }
static int dbWrite(sqlite3_file *f, const void *in, int n, sqlite3_int64 at) { return REAL(f)->pMethods->xWrite(REAL(f), in, n, at); }
static int dbTruncate(sqlite3_file *f, sqlite3_int64 size) { return REAL(f)->pMethods->xTruncate(REAL(f), size); }
static int dbSync(sqlite3_file *f, int flags) { return REAL(f)->pMethods->xSync(REAL(f), flags); }
static int dbFileSize(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int dbLock(sqlite3_file *f, int level) { return REAL(f)->pMethods->xLock(REAL(f), level); }
static int dbUnlock(sqlite3_file *f, int level) { return REAL(f)->pMethods->xUnlock(REAL(f), level); }
static int dbCheckReservedLock(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int dbFileControl(sqlite3_file *f, int op, void *arg) { return REAL(f)->pMethods->xFileControl(REAL(f), op, arg); }
static int dbSectorSize(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int dbDeviceCharacteristics(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int dbShmMap(sqlite3_file *f, int page, int pageBytes, int extend, void volatile **out) { return REAL(f)->pMethods->xShmMap(REAL(f), page, pageBytes, extend, out); }
static int dbShmLock(sqlite3_file *f, int offset, int n, int flags) {
  writeHeldOnThread();
  return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void dbShmBarrier(sqlite3_file *f) {
  writeHeldOnThread();
  REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int dbShmUnmap(sqlite3_file *f, int deleteFlag) { return REAL(f)->pMethods->xShmUnmap(REAL(f), deleteFlag); }
static int dbFetch(sqlite3_file *f, sqlite3_int64 at, int n, void **out) { return REAL(f)->pMethods->xFetch(REAL(f), at, n, out); }
static int dbUnfetch(sqlite3_file *f, sqlite3_int64 at, void *page) { return REAL(f)->pMethods->xUnfetch(REAL(f), at, page); }

static const sqlite3_io_methods dbMethods = {
    3, dbClose, dbRead, dbWrite, dbTruncate, dbSync, dbFileSize, dbLock, dbUnlock, dbCheckReservedLock, dbFileControl, dbSectorSize, dbDeviceCharacteristics,
    dbShmMap, dbShmLock, dbShmBarrier, dbShmUnmap, dbFetch, dbUnfetch};

static int walbufferOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags) {
  (void)vfs;
  int wal = (flags & SQLITE_OPEN_WAL) != 0;
  if (!wal && !(flags & SQLITE_OPEN_MAIN_DB)) return defaultVfs->xOpen(defaultVfs, name, f, flags, outFlags);
  /* The real file lives right after the shim's own fields (szOsFile covers both). */
  sqlite3_file *real = (sqlite3_file *)((char *)f + (wal ? sizeof(WalFile) : sizeof(DbFile)));
  memset(f, 0, wal ? sizeof(WalFile) : sizeof(DbFile));
  int rc = defaultVfs->xOpen(defaultVfs, name, real, flags, outFlags);
  if (rc != SQLITE_OK || !real->pMethods) {
    /* SQLite closes a file whose open failed only if its methods are set: ours are not. */
    if (real->pMethods) (void)real->pMethods->xClose(real);
    f->pMethods = 0;
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  int powersafe = (real->pMethods->xDeviceCharacteristics(real) & SQLITE_IOCAP_POWERSAFE_OVERWRITE) != 0;
  if (wal && powersafe) {
    ((WalFile *)f)->real = real;
    f->pMethods = &walMethods;
  } else if (wal) {
    /* Without powersafe overwrite SQLite pads a commit to a sector and syncs in the middle of a
       frame; the tail after that sync would be held past the commit. Such a WAL is left alone. */
    (void)real->pMethods->xClose(real);
    return defaultVfs->xOpen(defaultVfs, name, f, flags, outFlags);
  } else if (real->pMethods->iVersion >= 3) {
    ((DbFile *)f)->real = real;
    f->pMethods = &dbMethods;
  } else {
    /* A default VFS without shared memory or memory maps: nothing of ours to watch. */
    (void)real->pMethods->xClose(real);
    return defaultVfs->xOpen(defaultVfs, name, f, flags, outFlags);
  }
  return SQLITE_OK;
}

/* walbuffer_stats(): '{"appends":N,"writes":M}' since the process loaded the shim. */
static void statsFunction(sqlite3_context *context, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  char text[96];
  sqlite3_snprintf(sizeof(text), text, "{\"appends\":%lld,\"writes\":%lld}", (long long)__atomic_load_n(&appendCount, __ATOMIC_RELAXED),
                   (long long)__atomic_load_n(&writeCount, __ATOMIC_RELAXED));
  sqlite3_result_text(context, text, -1, SQLITE_TRANSIENT);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_walbuffer_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  (void)error;
  /* Not STATIC_MAIN: sqlite3_vfs_find and sqlite3_vfs_register take that one themselves. */
  sqlite3_mutex *guard = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
  sqlite3_mutex_enter(guard);
  int rc = SQLITE_OK;
  if (!sqlite3_vfs_find("walbuffer")) {
    defaultVfs = sqlite3_vfs_find(0);
    if (!defaultVfs || defaultVfs->iVersion < 1) {
      rc = SQLITE_ERROR;
    } else {
      walbufferVfs = *defaultVfs;
      walbufferVfs.zName = "walbuffer";
      walbufferVfs.pNext = 0;
      int own = sizeof(WalFile) > sizeof(DbFile) ? (int)sizeof(WalFile) : (int)sizeof(DbFile);
      walbufferVfs.szOsFile = own + defaultVfs->szOsFile;
      walbufferVfs.xOpen = walbufferOpen;
      /* The default from now on: connections opened after this one write their WAL through it. */
      rc = sqlite3_vfs_register(&walbufferVfs, 1);
    }
  }
  sqlite3_mutex_leave(guard);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function(db, "walbuffer_stats", 0, SQLITE_UTF8, 0, statsFunction, 0, 0);
  return rc != SQLITE_OK ? rc : SQLITE_OK_LOAD_PERMANENTLY;
}
