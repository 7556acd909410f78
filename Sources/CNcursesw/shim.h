#ifndef BAILANYS_CNCURSESW_SHIM_H
#define BAILANYS_CNCURSESW_SHIM_H
/* Wide-character ncurses API (cchar_t, get_wch, setcchar) needs these before the include;
   they make pkg-config's -D_XOPEN_SOURCE=600, which SwiftPM drops, unnecessary. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <unistd.h>
#include <ncursesw/curses.h>

/* glibc hides this declaration unless _XOPEN_SOURCE is set for the whole module. */
extern int wcwidth(wchar_t c);
static inline int tk_wcwidth(wchar_t c) { return wcwidth(c); }

/* stdin/stdout are mutable globals Swift 6 refuses to read; pass them from C. */
static inline SCREEN *tk_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

/* Macros Swift cannot import (function-like, or expanding to expressions), as functions. */
static inline WINDOW *tk_stdscr(void) { return stdscr; }
static inline WINDOW *tk_curscr(void) { return curscr; }
static inline int tk_lines(void) { return LINES; }
static inline int tk_cols(void) { return COLS; }
static inline int tk_colors(void) { return COLORS; }
static inline int tk_color_pairs(void) { return COLOR_PAIRS; }
static inline int tk_ccharw_max(void) { return CCHARW_MAX; }

static inline attr_t tk_attr_bold(void) { return A_BOLD; }
static inline attr_t tk_attr_dim(void) { return A_DIM; }
static inline attr_t tk_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t tk_attr_reverse(void) { return A_REVERSE; }
static inline attr_t tk_attr_italic(void) { return A_ITALIC; }
static inline attr_t tk_attr_normal(void) { return A_NORMAL; }

static inline int tk_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tk_key_resize(void) { return KEY_RESIZE; }
static inline int tk_key_mouse(void) { return KEY_MOUSE; }
static inline int tk_key_up(void) { return KEY_UP; }
static inline int tk_key_down(void) { return KEY_DOWN; }
static inline int tk_key_left(void) { return KEY_LEFT; }
static inline int tk_key_right(void) { return KEY_RIGHT; }
static inline int tk_key_home(void) { return KEY_HOME; }
static inline int tk_key_end(void) { return KEY_END; }
static inline int tk_key_page_up(void) { return KEY_PPAGE; }
static inline int tk_key_page_down(void) { return KEY_NPAGE; }
static inline int tk_key_backspace(void) { return KEY_BACKSPACE; }
static inline int tk_key_delete(void) { return KEY_DC; }
static inline int tk_key_insert(void) { return KEY_IC; }
static inline int tk_key_back_tab(void) { return KEY_BTAB; }
static inline int tk_key_enter(void) { return KEY_ENTER; }
static inline int tk_key_f(int n) { return KEY_F(n); }

static inline mmask_t tk_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t tk_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t tk_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t tk_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t tk_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t tk_button2_released(void) { return BUTTON2_RELEASED; }
static inline mmask_t tk_button2_clicked(void) { return BUTTON2_CLICKED; }
static inline mmask_t tk_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t tk_button3_released(void) { return BUTTON3_RELEASED; }
static inline mmask_t tk_button3_clicked(void) { return BUTTON3_CLICKED; }
static inline mmask_t tk_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t tk_button5_pressed(void) { return BUTTON5_PRESSED; }
#endif
