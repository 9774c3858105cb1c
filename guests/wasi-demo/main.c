/* wasi-demo: a plain WASI command program for exercising a runtime's command mode. Its output
 * depends only on its arguments, the number of environment variables, stdin and the files it is
 * pointed at, so tests can compare it byte for byte.
 *
 *   wasi-demo [--echo] [--ls DIR] [--cat FILE] [--write FILE TEXT] [--exit CODE] ...
 *
 * It first prints its arguments and the environment count, then runs the actions in order:
 *   --echo            copy stdin to stdout, upper-cased, until end of file
 *   --ls DIR          list DIR's entries, sorted, one per line ("d name" or "f name")
 *   --cat FILE        copy FILE to stdout
 *   --write FILE TEXT write TEXT and a newline to FILE (created or truncated)
 *   --exit CODE       stop here and exit with CODE (0-255)
 * A failed action prints what failed to stderr and exits with 1; bad usage exits with 2. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern char **environ;

enum { CopyChunkBytes = 4096, ListEntriesMax = 4096 };

static void fail(const char *action, const char *path)
{
    fprintf(stderr, "wasi-demo: %s %s: %s\n", action, path, strerror(errno));
    exit(1);
}

static void usage(const char *problem)
{
    fprintf(stderr, "wasi-demo: %s\nusage: wasi-demo [--echo] [--ls DIR] [--cat FILE] [--write FILE TEXT] [--exit CODE] ...\n", problem);
    exit(2);
}

static void echo_upper(void)
{
    char chunk[CopyChunkBytes];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) chunk[i] = (char)toupper((unsigned char)chunk[i]);
        fwrite(chunk, 1, n, stdout);
    }
    if (ferror(stdin)) fail("--echo", "stdin");
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list_directory(const char *path)
{
    DIR *dir = opendir(path);
    if (dir == NULL) fail("--ls", path);
    char *names[ListEntriesMax];
    size_t count = 0;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
        if (count == ListEntriesMax) usage("--ls: directory has too many entries");
        names[count++] = strdup(d->d_name);
    }
    closedir(dir);
    /* Directory order is the file system's; sorting makes the output the same everywhere. */
    qsort(names, count, sizeof names[0], compare_names);
    for (size_t i = 0; i < count; i++) {
        char full[4096];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        char kind = stat(full, &st) == 0 && S_ISDIR(st.st_mode) ? 'd' : 'f';
        printf("%c %s\n", kind, names[i]);
        free(names[i]);
    }
}

static void cat_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) fail("--cat", path);
    char chunk[CopyChunkBytes];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0) fwrite(chunk, 1, n, stdout);
    if (ferror(file)) fail("--cat", path);
    fclose(file);
}

static void write_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    if (file == NULL) fail("--write", path);
    if (fprintf(file, "%s\n", text) < 0 || fclose(file) != 0) fail("--write", path);
}

static int parse_exit_code(const char *text)
{
    char *end;
    errno = 0;
    long code = strtol(text, &end, 10);
    if (errno != 0 || *text == '\0' || *end != '\0' || code < 0 || code > 255) usage("--exit needs a code from 0 to 255");
    return (int)code;
}

static void print_invocation(int argc, char **argv)
{
    printf("args: %d\n", argc);
    for (int i = 0; i < argc; i++) printf("arg[%d]: %s\n", i, argv[i]);
    size_t environment = 0;
    for (char **e = environ; e != NULL && *e != NULL; e++) environment++;
    printf("environ: %zu\n", environment);
}

int main(int argc, char **argv)
{
    print_invocation(argc, argv);
    for (int i = 1; i < argc; i++) {
        const char *action = argv[i];
        int operands = strcmp(action, "--write") == 0 ? 2 : strcmp(action, "--echo") == 0 ? 0 : 1;
        if (i + operands >= argc) usage("missing operand");
        fflush(stdout);
        if (strcmp(action, "--echo") == 0) echo_upper();
        else if (strcmp(action, "--ls") == 0) list_directory(argv[i + 1]);
        else if (strcmp(action, "--cat") == 0) cat_file(argv[i + 1]);
        else if (strcmp(action, "--write") == 0) write_file(argv[i + 1], argv[i + 2]);
        else if (strcmp(action, "--exit") == 0) {
            int code = parse_exit_code(argv[i + 1]);
            fflush(stdout);
            return code;
        } else usage("unknown action");
        i += operands;
    }
    return 0;
}
