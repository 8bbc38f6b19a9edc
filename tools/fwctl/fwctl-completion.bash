# SPDX-License-Identifier: GPL-2.0
# bash completion for fwctl(8): commands, options, devices, Feature names.

_fwctl_devices()
{
	local d
	for d in /sys/class/fwctl/fwctl*; do
		[ -e "$d" ] || continue
		echo "${d##*/}"
		[ -e "$d/device" ] && basename "$(readlink "$d/device")"
	done
}

_fwctl()
{
	local cur prev words cword cmd sub i
	_init_completion || return

	# The command and, after cxl, its subcommand; options may come first.
	for ((i = 1; i < cword; i++)); do
		case "${words[i]}" in
		-*) ;;
		*)
			if [ -z "$cmd" ]; then
				cmd=${words[i]}
			elif [ "$cmd" = cxl ] && [ -z "$sub" ]; then
				sub=${words[i]}
			fi
			;;
		esac
	done

	case "$prev" in
	--scope | -s)
		COMPREPLY=($(compgen -W "configuration debug_read_only debug_write debug_write_full" -- "$cur"))
		return
		;;
	--selection | -S)
		COMPREPLY=($(compgen -W "current default saved" -- "$cur"))
		return
		;;
	--in-file | -f | --output | -o)
		_filedir
		return
		;;
	--opcode | -c | --port | -p | --ld | -l | --in | -i | --data | -d | \
	--out-size | -n | --width | -w)
		return
		;;
	esac

	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "list info cxl --json --width --version --help" -- "$cur"))
		return
	fi
	if [ "$cmd" = cxl ] && [ -z "$sub" ]; then
		COMPREPLY=($(compgen -W "cel features get-feature set-feature identify raw switch --help" -- "$cur"))
		return
	fi
	case "$cur" in
	-*)
		local opts="--json --help"
		case "$sub" in
		cel | identify) opts="$opts --port --ld" ;;
		raw) opts="$opts --opcode --in --in-file --scope --out-size --output --port --ld" ;;
		get-feature) opts="$opts --selection" ;;
		set-feature) opts="$opts --data --scope" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		;;
	*)
		case "$cmd:$sub" in
		list:) ;;
		cxl:get-feature | cxl:set-feature)
			COMPREPLY=($(compgen -W "$(_fwctl_devices) patrol-scrub ecs" -- "$cur"))
			;;
		info: | cxl:cel | cxl:features)
			COMPREPLY=($(compgen -W "$(_fwctl_devices) all" -- "$cur"))
			;;
		*)
			COMPREPLY=($(compgen -W "$(_fwctl_devices)" -- "$cur"))
			;;
		esac
		;;
	esac
}
complete -F _fwctl fwctl
