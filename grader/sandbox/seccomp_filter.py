"""The seccomp filter of the sandbox's child: a BPF program built by hand (no libseccomp here)."""

import ctypes
import errno
import os

from sysabi import (
    CLONE_NEWCGROUP,
    CLONE_NEWIPC,
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWPID,
    CLONE_NEWUSER,
    CLONE_NEWUTS,
    PR_SET_NO_NEW_PRIVS,
    PR_SET_SECCOMP,
    LayerUnavailable,
    _check,
    _libc,
    _prctl,
)

# --------------------------------------------------------------------------- seccomp

# Syscall numbers: x86_64 from asm/unistd_64.h, aarch64 from asm-generic/unistd.h.  Denied with EPERM
# unless listed in _DENY_ERRNO.  clone is allowed unless its flags ask for a new namespace; clone3 says
# ENOSYS (its flags live in memory a filter cannot read) and glibc then falls back to clone.
_SYSCALLS = {  # name: (x86_64, aarch64); None where the architecture has no such syscall
    "socket": (41, 198),
    "socketpair": (53, 199),
    "connect": (42, 203),
    "bind": (49, 200),
    "listen": (50, 201),
    "accept": (43, 202),
    "accept4": (288, 242),
    "ptrace": (101, 117),
    "process_vm_readv": (310, 270),
    "process_vm_writev": (311, 271),
    "kcmp": (312, 272),
    "pidfd_getfd": (438, 438),
    "process_madvise": (440, 440),
    "mount": (165, 40),
    "umount2": (166, 39),
    "pivot_root": (155, 41),
    "chroot": (161, 51),
    "fsopen": (430, 430),
    "fsconfig": (431, 431),
    "fsmount": (432, 432),
    "fspick": (433, 433),
    "move_mount": (429, 429),
    "open_tree": (428, 428),
    "mount_setattr": (442, 442),
    "unshare": (272, 97),
    "setns": (308, 268),
    "bpf": (321, 280),
    "keyctl": (250, 219),
    "add_key": (248, 217),
    "request_key": (249, 218),
    "io_uring_setup": (425, 425),
    "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    "userfaultfd": (323, 282),
    "perf_event_open": (298, 241),
    "init_module": (175, 105),
    "finit_module": (313, 273),
    "delete_module": (176, 106),
    "kexec_load": (246, 104),
    "kexec_file_load": (320, 294),
    "reboot": (169, 142),
    "swapon": (167, 224),
    "swapoff": (168, 225),
    "setuid": (105, 146),
    "setgid": (106, 144),
    "setreuid": (113, 145),
    "setregid": (114, 143),
    "setresuid": (117, 147),
    "setresgid": (119, 149),
    "setgroups": (116, 159),
    "setfsuid": (122, 151),
    "setfsgid": (123, 152),
    "personality": (135, 92),
    "acct": (163, 89),
    "quotactl": (179, 60),
    "quotactl_fd": (443, 443),
    "lookup_dcookie": (212, 18),
    "open_by_handle_at": (304, 265),
    "name_to_handle_at": (303, 264),
    "iopl": (172, None),
    "ioperm": (173, None),
    "uselib": (134, None),
    "move_pages": (279, 239),
    "migrate_pages": (256, 238),
    "fanotify_init": (300, 262),
    "settimeofday": (164, 170),
    "clock_settime": (227, 112),
    "syslog": (103, 116),
    "vhangup": (153, 58),
}
_DENY_ERRNO = {"socket": errno.EACCES}
_CLONE = (56, 220)
_CLONE3 = (435, 435)
_SECCOMP_SYSCALL = {"x86_64": 317, "aarch64": 277}
AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
_X32_SYSCALL_BIT = 0x40000000
CLONE_NEW_MASK = (
    CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
)

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_MODE_FILTER = 2

_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_JA = 0x05
_RET_K = 0x06
_OFF_NR, _OFF_ARCH, _OFF_ARG0_LO = 0, 4, 16  # struct seccomp_data (little endian)


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _arch_block(index: int, x32_check: bool) -> list[tuple]:
    block = [(_LD_W_ABS, 0, 0, _OFF_NR)]
    eperm = SECCOMP_RET_ERRNO | errno.EPERM
    if x32_check:  # x32 ABI syscalls (and nr -1) on x86_64
        block += [(_JGE_K, 0, 1, _X32_SYSCALL_BIT), (_RET_K, 0, 0, eperm)]
    for name, numbers in _SYSCALLS.items():
        nr = numbers[index]
        if nr is not None:
            block += [
                (_JEQ_K, 0, 1, nr),
                (_RET_K, 0, 0, SECCOMP_RET_ERRNO | _DENY_ERRNO.get(name, errno.EPERM)),
            ]
    block += [
        (_JEQ_K, 0, 1, _CLONE3[index]),
        (_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS),
    ]
    block += [
        (_JEQ_K, 0, 4, _CLONE[index]),
        # clone flags (CLONE_NEW* all live in the low word)
        (_LD_W_ABS, 0, 0, _OFF_ARG0_LO),
        (_JSET_K, 0, 1, CLONE_NEW_MASK),
        (_RET_K, 0, 0, eperm),
        (_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    block.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    return block


def _build_seccomp_program() -> list[tuple]:
    """Classic BPF: dispatch on seccomp_data.arch (kill on a foreign one), then the deny list."""
    arches = [
        (AUDIT_ARCH_X86_64, _arch_block(0, True)),
        (AUDIT_ARCH_AARCH64, _arch_block(1, False)),
    ]
    n = len(arches)
    prog = [(_LD_W_ABS, 0, 0, _OFF_ARCH)]
    start = 1 + 2 * n + 1  # first instruction after the dispatch and the kill
    for i, (audit_arch, block) in enumerate(arches):
        ja_pc = 1 + 2 * i + 1
        prog += [(_JEQ_K, 0, 1, audit_arch), (_JA, 0, 0, start - (ja_pc + 1))]
        start += len(block)
    prog.append((_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS))
    for _, block in arches:
        prog += block
    assert len(prog) < 4096
    return prog


_SECCOMP_PROGRAM = _build_seccomp_program()


def _install_seccomp() -> None:
    n = len(_SECCOMP_PROGRAM)
    insns = (_SockFilter * n)(*[_SockFilter(*ins) for ins in _SECCOMP_PROGRAM])
    prog = _SockFprog(n, insns)
    nr = _SECCOMP_SYSCALL.get(os.uname().machine)
    if nr is not None:
        ret = _libc.syscall(
            ctypes.c_long(nr),
            ctypes.c_long(SECCOMP_SET_MODE_FILTER),
            ctypes.c_long(SECCOMP_FILTER_FLAG_TSYNC),
            ctypes.byref(prog),
        )
        if ret == 0:
            return
        if ret > 0:
            raise LayerUnavailable(f"seccomp: thread {ret} could not be synchronised")
        if ctypes.get_errno() != errno.ENOSYS:
            _check(ret, "seccomp")
    _check(
        _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0),
        "prctl(PR_SET_SECCOMP)",
    )


def _probe_seccomp() -> bool:
    import socket

    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _install_seccomp()
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        return False
    except PermissionError:
        pass
    pid = os.fork()  # plain clone still works
    if pid == 0:  # pragma: no cover
        os._exit(0)
    os.waitpid(pid, 0)
    return _libc.unshare(CLONE_NEWNS) == -1
