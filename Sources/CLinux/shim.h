#ifndef CAIRN_CLINUX_SHIM_H
#define CAIRN_CLINUX_SHIM_H
/* Linux interfaces Swift's Glibc module leaves out: for cairn-bench's loopback fleet and the
   provisioning room's child processes. */
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/prctl.h>

/* <sys/socket.h> declares accept4 only under _GNU_SOURCE, which would also reshape the header
   for every module that shares it: declared here as glibc defines it. */
struct sockaddr;
extern int accept4(int descriptor, struct sockaddr *address, unsigned int *length, int flags);
/* The same for these two (GNU extensions): pipes created close-on-exec in one call, and a
   working directory for posix_spawn (glibc 2.29+). */
extern int pipe2(int descriptors[2], int flags);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
/* Closes every descriptor from `from` up in the child (glibc 2.34+): a server cairn starts must
   not hold the database, the terminal or a parent's pipes open for as long as it lives. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

/* prctl is variadic, which Swift cannot call: the one use, spelled out. Delivers SIGKILL to the
   calling process when its parent exits. */
static inline int cairn_die_with_parent(void) { return prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); }
#endif
