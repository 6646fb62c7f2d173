#ifndef CAIRN_CNCURSESW_SHIM_H
#define CAIRN_CNCURSESW_SHIM_H
/* pkg-config's -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 are dropped by SwiftPM: restore them here
   (they also declare wcwidth), and opt in to the wide API. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <string.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

/* Column width of one character: the same glibc function ncurses places cells with. */
static inline int cairn_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

/* Adopts the user's locale; when it is not UTF-8, keeps a UTF-8 LC_CTYPE for width
   calculations only. Returns 1 when the user's own locale is UTF-8. */
static inline int cairn_prepare_locale(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    int is_utf8 = codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
    if (!is_utf8) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "C.utf8");
    }
    return is_utf8;
}

/* Globals and macros Swift cannot import under strict concurrency. */
static inline WINDOW *cairn_stdscr(void) { return stdscr; }
static inline int cairn_lines(void) { return LINES; }
static inline int cairn_cols(void) { return COLS; }
static inline attr_t cairn_a_bold(void) { return A_BOLD; }
static inline attr_t cairn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cairn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cairn_a_dim(void) { return A_DIM; }
static inline attr_t cairn_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
static inline int cairn_colors(void) { return COLORS; }
static inline int cairn_color_pairs(void) { return COLOR_PAIRS; }
static inline void cairn_getmaxyx(WINDOW *window, int *rows, int *columns) { getmaxyx(window, *rows, *columns); }
static inline int cairn_mvwaddnstr(WINDOW *window, int y, int x, const char *text, int length) {
    return mvwaddnstr(window, y, x, text, length);
}
static inline int cairn_wattr_set(WINDOW *window, attr_t attributes, short pair) {
    return wattr_set(window, attributes, pair, NULL);
}
/* stdin/stdout as FILE* for newterm, without touching Glibc's globals from Swift. */
static inline FILE *cairn_stdout(void) { return stdout; }
static inline FILE *cairn_stdin(void) { return stdin; }
#endif
