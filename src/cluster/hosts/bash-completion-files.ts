// The files of CentOS 7's bash-completion-2.1 package that the shell's completion reads: the profile
// hook and the main script (abbreviated: its header, version and _init_completion; the shell knows the rest).
export const BASH_COMPLETION_PROFILE_SH = `# Check for interactive bash and that we haven't already been sourced.
[ -z "$BASH_VERSION" -o -z "$PS1" -o -n "$BASH_COMPLETION_COMPAT_DIR" ] && return

# Check for recent enough version of bash.
bash=\${BASH_VERSION%.*}; bmajor=\${bash%.*}; bminor=\${bash#*.}
if [ $bmajor -gt 4 ] || [ $bmajor -eq 4 -a $bminor -ge 1 ]; then
    [ -r "\${XDG_CONFIG_HOME:-$HOME/.config}/bash_completion" ] && \\
        . "\${XDG_CONFIG_HOME:-$HOME/.config}/bash_completion"
    if shopt -q progcomp && [ -r /usr/share/bash-completion/bash_completion ]; then
        # Source completion code.
        . /usr/share/bash-completion/bash_completion
    fi
fi
unset bash bmajor bminor
`;

export const BASH_COMPLETION_MAIN = `#                                                          -*- shell-script -*-
#
#   bash_completion - programmable completion functions for bash 4.1+
#
#   Copyright © 2006-2008, Ian Macdonald <ian@caliban.org>
#             © 2009-2013, Bash Completion Maintainers
#                     <bash-completion-devel@lists.alioth.debian.org>
#
#   This program is free software; you can redistribute it and/or modify
#   it under the terms of the GNU General Public License as published by
#   the Free Software Foundation; either version 2, or (at your option)
#   any later version.
#
#   The latest version of this software can be obtained here:
#
#   http://bash-completion.alioth.debian.org/
#
#   RELEASE: 2.1

BASH_COMPLETION_VERSINFO=(2 1)

# Initialize completion and deal with various general things: do file
# and variable completion where appropriate, and adjust prev, words,
# and cword as if no redirections exist so that completions do not
# need to deal with them.  Before calling this function, make sure
# cur, prev, words, and cword are local, ditto split if you use -s.
#
_init_completion()
{
    local exclude= flag outx errx inx OPTIND=1

    while getopts "n:e:o:i:s" flag "$@"; do
        case $flag in
            n) exclude+=$OPTARG ;;
            e) errx=$OPTARG ;;
            o) outx=$OPTARG ;;
            i) inx=$OPTARG ;;
            s) split=false ; exclude+== ;;
        esac
    done

    COMPREPLY=()
    local redir="@(?([0-9])<|?([0-9&])>?(>)|>&)"
    _get_comp_words_by_ref -n "$exclude<>&" cur prev words cword

    # Complete variable names.
    _variables && return 1

    # (file and redirection handling, _filedir, _get_comp_words_by_ref and the
    # other helpers follow in the full script)
    return 0
}

# source compat completion directory definitions
if [[ -d $BASH_COMPLETION_COMPAT_DIR && -r $BASH_COMPLETION_COMPAT_DIR && \\
    -x $BASH_COMPLETION_COMPAT_DIR ]]; then
    for i in $(LC_ALL=C command ls "$BASH_COMPLETION_COMPAT_DIR"); do
        i=$BASH_COMPLETION_COMPAT_DIR/$i
        [[ \${i##*/} != @($_backup_glob|Makefile*|$_blacklist_glob) \\
            && -f $i && -r $i ]] && . "$i"
    done
fi
unset i _blacklist_glob

# ex: ts=4 sw=4 et filetype=sh
`;

/** path → content, as the package installs them */
export const BASH_COMPLETION_FILES: Record<string, string> = {
  '/etc/profile.d/bash_completion.sh': BASH_COMPLETION_PROFILE_SH,
  '/usr/share/bash-completion/bash_completion': BASH_COMPLETION_MAIN,
};

/** The line seed 004 (and kubectl's docs) add to ~/.bashrc. */
export const KUBECTL_COMPLETION_BASHRC_LINE = 'source <(kubectl completion bash)';
