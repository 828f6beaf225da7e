/* analyzer/cli/setup.c - the configuration set and the project root of a run (check, diff,
 * audit); declared in cli.h. */
#include "analyzer/cli/cli.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ssot_config_set *ssot_cli_configs(const ssot_options *o, char *err, size_t err_size)
{
    ssot_config_set *set = ssot_config_set_new();
    if (o->isolated) {
        ssot_config_set_override(set, ssot_config_defaults());
    } else if (o->config_path) {
        ssot_config *c = NULL;
        if (ssot_config_load(o->config_path, &c, err, err_size) != SSOT_OK) {
            ssot_config_set_free(set);
            return NULL;
        }
        if (!c) {
            snprintf(err, err_size, "%s: no [tool.ssot] table in this file", o->config_path);
            ssot_config_set_free(set);
            return NULL;
        }
        ssot_config_set_override(set, c);
    }
    if ((o->has_exclude || o->extend_exclude_count) &&
        ssot_config_set_excludes(set, (const char *const *)o->exclude, o->exclude_count,
                                 o->has_exclude, (const char *const *)o->extend_exclude,
                                 o->extend_exclude_count, err, err_size) != SSOT_OK) {
        ssot_config_set_free(set);
        return NULL;
    }
    return set;
}

char *ssot_cli_project_root(void)
{
    char *cwd = ssot_config_abspath(".");
    git_repository *repo = NULL;
    char *root = NULL;
    if (git_repository_open_ext(&repo, cwd, 0, NULL) == 0) {
        const char *workdir = git_repository_workdir(repo);
        if (workdir) {
            root = ssot_config_abspath(workdir); /* without the trailing slash */
            /* the work tree as git resolved it; the current folder as the shell spells it */
            size_t n = strlen(root);
            if (strncmp(cwd, root, n) != 0 || (cwd[n] != '/' && cwd[n] != '\0')) {
                free(root);
                root = NULL;
            }
        }
        git_repository_free(repo);
    }
    if (!root)
        return cwd;
    free(cwd);
    return root;
}

