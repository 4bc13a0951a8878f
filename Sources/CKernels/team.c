// The fork-join team of team.h.
#include "team.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define PAUSE() _mm_pause()
#else
#define PAUSE() ((void)0)
#endif

// How long a thread spins before it sleeps: longer than the serial stretches between an
// interpreted training step's products (up to ~150 µs of Python-level work; a sleeping
// worker must be woken through the kernel and then joins late), short enough not to steal
// much from other programs once the work has ended. Measured in time, not in PAUSEs, whose
// length differs tenfold between CPUs.
#define SPIN_NS 200000

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// Spins while `condition` holds, at most SPIN_NS (the clock is read every 64 PAUSEs).
#define SPIN_WHILE(condition) do { \
        const uint64_t deadline_ = now_ns() + SPIN_NS; \
        for (unsigned spins_ = 1; (condition); spins_++) { \
            PAUSE(); \
            if ((spins_ & 63) == 0 && now_ns() > deadline_) break; \
        } \
    } while (0)

struct nn_team {
    int workers;
    pthread_t *threads;
    struct member { nn_team *team; int index; } *members;
    atomic_ulong generation;   // bumped once per run (and once to stop)
    // The run's chunks are claimed, by whichever thread comes first, from this word: the
    // run's number (the generation's low 32 bits) above the next chunk's index.
    _Atomic uint64_t ticket;
    int chunks;
    int taking_part;           // threads that take part in the run, the caller's included
    atomic_int busy;           // threads inside take_chunks
    atomic_int sleepers;
    atomic_int caller_waiting; // the caller sleeps until the last chunk is finished
    nn_task task;
    void *context;
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_cond_t done;
};

// Claims and runs chunks of run `run` until none is left. A thread counts itself busy before
// it reads the ticket, so the caller, which returns only once the ticket is spent and no
// thread is busy, never returns while a chunk runs, and a thread that arrives late finds
// the ticket spent (or a later run's number) and leaves without touching the task.
static void take_chunks(nn_team *team, uint32_t run) {
    for (;;) {
        atomic_fetch_add(&team->busy, 1);
        uint64_t t = atomic_load(&team->ticket);
        const int claimed = (uint32_t)(t >> 32) == run && (int)(uint32_t)t < team->chunks
            && atomic_compare_exchange_strong(&team->ticket, &t, t + 1);
        if (claimed) team->task(team->context, (int)(uint32_t)t, team->chunks);
        const int left = (uint32_t)(atomic_load(&team->ticket) >> 32) != run
            || (int)(uint32_t)atomic_load(&team->ticket) >= team->chunks;
        if (atomic_fetch_sub(&team->busy, 1) == 1 && atomic_load(&team->caller_waiting)) {
            pthread_mutex_lock(&team->lock);
            pthread_cond_signal(&team->done);
            pthread_mutex_unlock(&team->lock);
        }
        if (!claimed && left) return;
    }
}

static void *member_main(void *arg) {
    struct member *m = arg;
    nn_team *team = m->team;
    unsigned long seen = 0;
    for (;;) {
        SPIN_WHILE(atomic_load(&team->generation) == seen);
        if (atomic_load(&team->generation) == seen) {
            // Seq-cst on both sides: either the runner sees this sleeper or this sees its run.
            pthread_mutex_lock(&team->lock);
            atomic_fetch_add(&team->sleepers, 1);
            while (atomic_load(&team->generation) == seen) pthread_cond_wait(&team->wake, &team->lock);
            atomic_fetch_sub(&team->sleepers, 1);
            pthread_mutex_unlock(&team->lock);
        }
        seen = atomic_load(&team->generation);
        if (team->stop) break;
        if (m->index < team->taking_part) take_chunks(team, (uint32_t)seen);
    }
    return NULL;
}

nn_team *nn_team_create(int workers) {
    if (workers < 1) workers = 1;
    nn_team *team = calloc(1, sizeof *team);
    if (!team) return NULL;
    team->workers = workers;
    team->threads = calloc((size_t)workers, sizeof(pthread_t));
    team->members = calloc((size_t)workers, sizeof(struct member));
    if (!team->threads || !team->members) { free(team->threads); free(team->members); free(team); return NULL; }
    pthread_mutex_init(&team->lock, NULL);
    pthread_cond_init(&team->wake, NULL);
    pthread_cond_init(&team->done, NULL);
    for (int i = 1; i < workers; i++) {
        team->members[i] = (struct member){team, i};
        if (pthread_create(&team->threads[i], NULL, member_main, &team->members[i]) != 0) {
            team->workers = i;   // run with the threads that did start
            break;
        }
    }
    return team;
}

int nn_team_size(const nn_team *team) { return team->workers; }

static void publish(nn_team *team) {
    atomic_fetch_add(&team->generation, 1);
    if (atomic_load(&team->sleepers) > 0) {
        pthread_mutex_lock(&team->lock);
        pthread_cond_broadcast(&team->wake);
        pthread_mutex_unlock(&team->lock);
    }
}


double nn_team_run(nn_team *team, int threads, int chunks, nn_task task, void *context) {
    if (team->workers == 1 || threads <= 1 || chunks <= 1) {
        for (int c = 0; c < chunks; c++) task(context, c, chunks);
        return 0;
    }
    team->task = task;
    team->context = context;
    team->chunks = chunks;
    team->taking_part = threads;
    const uint32_t run = (uint32_t)(atomic_load(&team->generation) + 1);
    atomic_store(&team->ticket, (uint64_t)run << 32);
    publish(team);
    take_chunks(team, run);
    const uint64_t finished = now_ns();
    SPIN_WHILE(atomic_load(&team->busy) > 0);
    if (atomic_load(&team->busy) > 0) {
        pthread_mutex_lock(&team->lock);
        atomic_store(&team->caller_waiting, 1);
        while (atomic_load(&team->busy) > 0) pthread_cond_wait(&team->done, &team->lock);
        atomic_store(&team->caller_waiting, 0);
        pthread_mutex_unlock(&team->lock);
    }
    return (double)(now_ns() - finished) * 1e-9;
}

void nn_team_free(nn_team *team) {
    if (!team) return;
    team->stop = 1;
    publish(team);
    for (int i = 1; i < team->workers; i++) pthread_join(team->threads[i], NULL);
    pthread_mutex_destroy(&team->lock);
    pthread_cond_destroy(&team->wake);
    pthread_cond_destroy(&team->done);
    free(team->threads);
    free(team->members);
    free(team);
}
