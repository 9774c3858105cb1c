#include "glob.h"

#include <ctype.h>

enum { GlobStarsMax = 1000 }; /* nested-star backtracking guard, so a hostile pattern stays cheap */

static int fold(char c, bool nocase) { return nocase ? tolower((unsigned char)c) : (unsigned char)c; }

/* Matches one bracket set starting after '['; advances *p past ']'. */
static bool match_set(const char **p, const char *end, char c, bool nocase)
{
    const char *q = *p;
    bool negate = q < end && *q == '^';
    if (negate) q++;
    bool matched = false;
    while (q < end && *q != ']') {
        if (*q == '\\' && q + 1 < end) {
            q++;
            if (fold(*q, nocase) == fold(c, nocase)) matched = true;
            q++;
        } else if (q + 2 < end && q[1] == '-' && q[2] != ']') {
            int lo = fold(q[0], nocase), hi = fold(q[2], nocase), x = fold(c, nocase);
            if (lo > hi) { int t = lo; lo = hi; hi = t; }
            if (x >= lo && x <= hi) matched = true;
            q += 3;
        } else {
            if (fold(*q, nocase) == fold(c, nocase)) matched = true;
            q++;
        }
    }
    *p = q < end ? q + 1 : q; /* an unterminated set runs to the end of the pattern */
    return matched != negate;
}

static bool match_from(const char *p, const char *pend, const char *t, const char *tend, bool nocase, int *stars)
{
    while (p < pend) {
        if (*p == '*') {
            while (p < pend && *p == '*') p++;
            if (p == pend) return true;
            if (++*stars > GlobStarsMax) return false;
            for (const char *from = t; from <= tend; from++)
                if (match_from(p, pend, from, tend, nocase, stars)) return true;
            return false;
        }
        if (t == tend) return false;
        if (*p == '?') {
            p++;
        } else if (*p == '[') {
            p++;
            if (!match_set(&p, pend, *t, nocase)) return false;
        } else {
            if (*p == '\\' && p + 1 < pend) p++;
            if (fold(*p, nocase) != fold(*t, nocase)) return false;
            p++;
        }
        t++;
    }
    return t == tend;
}

bool glob_match(const char *pattern, size_t pattern_length, const char *text, size_t text_length, bool nocase)
{
    int stars = 0;
    return match_from(pattern, pattern + pattern_length, text, text + text_length, nocase, &stars);
}
