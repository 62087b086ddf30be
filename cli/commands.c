/* The command table, built from commands.def (one CMD(name) line per
 * command, each defined in cli/cmd_NAME.c as `const struct command
 * cmd_NAME`). */
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

#define CMD(n) extern const struct command cmd_##n;
#include "commands.def"
#undef CMD

#define CMD(n) &cmd_##n,
const struct command *const cli_commands[] = {
#include "commands.def"
	NULL
};
#undef CMD
