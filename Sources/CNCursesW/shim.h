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
#include <ncursesw/curses.h>

/* Column width of one character: the same glibc function ncurses places cells with. */
static inline int cairn_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

/* Globals and macros Swift cannot import under strict concurrency. */
static inline WINDOW *cairn_stdscr(void) { return stdscr; }
static inline int cairn_lines(void) { return LINES; }
static inline int cairn_cols(void) { return COLS; }
static inline attr_t cairn_a_bold(void) { return A_BOLD; }
static inline attr_t cairn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cairn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cairn_a_dim(void) { return A_DIM; }
static inline attr_t cairn_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
#endif
