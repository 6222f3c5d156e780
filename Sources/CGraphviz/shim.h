#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvplugin.h>
#include <graphviz/gvplugin_textlayout.h>
#include <stdlib.h>
#include <string.h>

// Why this file holds code: cgraph gives a named subgraph (every cluster) the address of its
// interned name as its id, and orders subgraphs by id. The order of clusters in the layout
// and in the SVG then depends on where malloc happened to put those strings, which differs
// from run to run in a Swift process (hash seeds change the heap's history). This id
// discipline numbers named subgraphs in the order they are created instead, so the same
// DOT gives the same bytes, as `dot -Tsvg` does. Everything else keeps cgraph's own ids.

typedef struct {
  Agraph_t *graph;
  char **names;
  size_t count, capacity;
} jm_ids;

static inline int jm_is_ours(jm_ids *ids, int objtype, IDTYPE id) {
  return objtype == AGRAPH && id % 2 == 0 && id >= 2 && (size_t)(id / 2) <= ids->count;
}

static inline void *jm_id_open(Agraph_t *g, Agdisc_t *disc) {
  (void)disc;
  jm_ids *ids = calloc(1, sizeof *ids);
  if (ids) ids->graph = g;
  return ids;
}

static inline long jm_id_map(void *state, int objtype, char *str, IDTYPE *id,
                             int createflag) {
  jm_ids *ids = state;
  if (objtype != AGRAPH || str == NULL) {
    return AgIdDisc.map(ids->graph, objtype, str, id, createflag);
  }
  for (size_t i = 0; i < ids->count; i++) {
    if (strcmp(ids->names[i], str) == 0) {
      *id = (IDTYPE)(2 * (i + 1));
      return 1;
    }
  }
  if (!createflag) return 0;
  if (ids->count == ids->capacity) {
    size_t capacity = ids->capacity ? 2 * ids->capacity : 64;
    char **names = realloc(ids->names, capacity * sizeof *names);
    if (!names) return 0;
    ids->names = names;
    ids->capacity = capacity;
  }
  char *copy = strdup(str);
  if (!copy) return 0;
  ids->names[ids->count++] = copy;
  *id = (IDTYPE)(2 * ids->count);
  return 1;
}

static inline long jm_id_alloc(void *state, int objtype, IDTYPE id) {
  jm_ids *ids = state;
  return AgIdDisc.alloc(ids->graph, objtype, id);
}

static inline void jm_id_free(void *state, int objtype, IDTYPE id) {
  jm_ids *ids = state;
  if (jm_is_ours(ids, objtype, id)) return;  // freed with the table in jm_id_close
  AgIdDisc.free(ids->graph, objtype, id);
}

static inline char *jm_id_print(void *state, int objtype, IDTYPE id) {
  jm_ids *ids = state;
  if (jm_is_ours(ids, objtype, id)) return ids->names[id / 2 - 1];
  return AgIdDisc.print(ids->graph, objtype, id);
}

static inline void jm_id_close(void *state) {
  jm_ids *ids = state;
  for (size_t i = 0; i < ids->count; i++) free(ids->names[i]);
  free(ids->names);
  free(ids);
}

static inline void jm_id_register(void *state, int objtype, void *obj) {
  jm_ids *ids = state;
  AgIdDisc.idregister(ids->graph, objtype, obj);
}

typedef struct {
  const char *text;
  size_t length, offset;
} jm_reader;

// Hands cgraph's lexer one line at a time, as agmemread does, never past the end.
static inline int jm_read(void *chan, char *buffer, int size) {
  jm_reader *reader = chan;
  int n = 0;
  while (n < size && reader->offset < reader->length) {
    char c = reader->text[reader->offset++];
    buffer[n++] = c;
    if (c == '\n') break;
  }
  return n;
}

static Agiddisc_t jm_id_disc = {jm_id_open, jm_id_map, jm_id_alloc, jm_id_free,
                                jm_id_print, jm_id_close, jm_id_register};

/// agmemread with the id discipline above; NULL on a syntax error, like agmemread.
static inline Agraph_t *jm_memread(const char *text) {
  static Agiodisc_t io_disc;
  static Agdisc_t disc;
  io_disc.afread = jm_read;
  io_disc.putstr = AgIoDisc.putstr;
  io_disc.flush = AgIoDisc.flush;
  disc.mem = &AgMemDisc;
  disc.id = &jm_id_disc;
  disc.io = &io_disc;
  jm_reader reader = {text, strlen(text), 0};
  return agread(&reader, &disc);
}

/// agread of `file` (cgraph's own reader: a line at a time, as it arrives) with the id
/// discipline above, so a worker parses its DOT while the rest is still being written;
/// NULL on a syntax error.
static inline Agraph_t *jm_fileread(FILE *file) {
  static Agdisc_t disc;
  disc.mem = &AgMemDisc;
  disc.id = &jm_id_disc;
  disc.io = &AgIoDisc;
  return agread(file, &disc);
}

/// The C streams on the standard descriptors: Swift 6 will not touch the globals.
static inline FILE *jm_stdin(void) { return stdin; }
static inline FILE *jm_stdout(void) { return stdout; }

/// Full buffering of `size` bytes for `file` (a pipe gets 4 KiB otherwise). The buffer is
/// ours: glibc's setvbuf ignores the size when it is given no buffer, and keeps 4 KiB. It is
/// never freed: the stream lives as long as the process.
static inline int jm_buffer(FILE *file, size_t size) {
  char *buffer = malloc(size);
  if (!buffer) return -1;
  int rc = setvbuf(file, buffer, _IOFBF, size);
  if (rc != 0) free(buffer);
  return rc;
}

#ifdef __linux__
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>
#endif

/// Asks the kernel to kill this process when the process that started it dies, so a layout
/// worker never outlives a `render` that was interrupted. Returns 0 when the parent is
/// already gone (the caller should exit), 1 otherwise. prctl is variadic, which Swift cannot
/// call, hence this wrapper.
static inline int jm_die_with_parent(pid_t parent) {
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  return getppid() == parent ? 1 : 0;
#else
  (void)parent;
  return 1;
#endif
}

#include <dlfcn.h>

// dladdr's Dl_info is declared only under _GNU_SOURCE, which Swift's Glibc module does not
// set; its layout is the same in every glibc and in macOS's libSystem.
typedef struct {
  const char *fname;
  void *fbase;
  const char *sname;
  void *saddr;
} jm_dl_info;
extern int jm_dladdr(const void *address, jm_dl_info *info) __asm__("dladdr");

/// The file libgvc was loaded from, or NULL: Graphviz's plugins live in its `graphviz`
/// directory.
static inline const char *jm_gvc_library_path(void) {
  jm_dl_info info;
  return jm_dladdr((const void *)gvContext, &info) && info.fname ? info.fname : NULL;
}
