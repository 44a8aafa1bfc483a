#define _GNU_SOURCE
/* gongshi's release binary is linked against glibc 2.28's symbols (scripts/link-portable.py, with zig's stub
   libraries), so that it runs on Kylin V10, UOS 20, Debian 10 and RHEL 8 as on Debian 12. The libraries it carries
   inside (libstdc++ and libgcc of GCC 12, and the Swift runtime) were compiled against a newer glibc and name a few
   functions 2.28 does not have. Each is given here: the system's own where it has one (looked up at run time), else
   the same behaviour from what 2.28 has. */
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/random.h>
/* glibc 2.32: libstdc++ skips atomic reference counts while this says the process has one thread. 0 keeps them
   always atomic, which is correct in every process. */
char __libc_single_threaded = 0;
/* SwiftPM names the executable's entry gongshi_main and links it with --defsym main=…, which zig's linker does not take. */
int gongshi_main(int, char **);
int main(int argc, char **argv) { return gongshi_main(argc, argv); }
/* glibc 2.36 (Foundation's random numbers): from getrandom, which 2.25 has. */
uint32_t arc4random(void) {
    uint32_t v;
    while (getrandom(&v, sizeof v, 0) != sizeof v) {}
    return v;
}
/* glibc 2.29 (Foundation's Process with a working directory): the system's; on 2.28 a spawn that must change
   directory fails with ENOSYS, and Foundation says so. */
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path) {
    static int (*real)(posix_spawn_file_actions_t *, const char *);
    if (!real) real = (int (*)(posix_spawn_file_actions_t *, const char *))dlsym(RTLD_NEXT, "posix_spawn_file_actions_addchdir_np");
    return real ? real(actions, path) : ENOSYS;
}
#include <link.h>
#include <stddef.h>
/* glibc 2.35's _dl_find_object, which GCC 12's unwinder calls: the real one where the system has it, else the
   same answer from dl_iterate_phdr (the object whose loaded segments hold pc, and its PT_GNU_EH_FRAME). */

struct lookup { uintptr_t pc; struct dl_find_object *result; int found; };
static int visit(struct dl_phdr_info *info, size_t size, void *data) {
    struct lookup *l = data;
    uintptr_t low = UINTPTR_MAX, high = 0, eh = 0;
    int holds = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type == PT_LOAD) {
            uintptr_t start = info->dlpi_addr + p->p_vaddr, end = start + p->p_memsz;
            if (start < low) low = start;
            if (end > high) high = end;
            if (l->pc >= start && l->pc < end) holds = 1;
        } else if (p->p_type == PT_GNU_EH_FRAME) {
            eh = info->dlpi_addr + p->p_vaddr;
        }
    }
    if (!holds) return 0;
    l->result->dlfo_flags = 0;
    l->result->dlfo_map_start = (void *)low;
    l->result->dlfo_map_end = (void *)high;
    l->result->dlfo_link_map = NULL;
    l->result->dlfo_eh_frame = (void *)eh;
    l->found = 1;
    return 1;
}
int _dl_find_object(void *pc, struct dl_find_object *result) {
    static int (*real)(void *, struct dl_find_object *);
    static int looked;
    if (!looked) { real = (int (*)(void *, struct dl_find_object *))dlsym(RTLD_NEXT, "_dl_find_object"); looked = 1; }
    if (real) return real(pc, result);
    struct lookup l = { (uintptr_t)pc, result, 0 };
    dl_iterate_phdr(visit, &l);
    return l.found ? 0 : -1;
}
