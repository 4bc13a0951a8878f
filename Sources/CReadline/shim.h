// GNU readline from Debian's libreadline-dev (GPL-3.0-or-later).
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
