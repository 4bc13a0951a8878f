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

// Some tens of microseconds of spinning before a thread sleeps: longer than the serial
// stretches between a training step's phases, short enough not to steal much from other
// programs when the machine is busy.
#define SPINS (1 << 11)

struct nn_team {
    int workers;
    pthread_t *threads;
    struct member { nn_team *team; int index; } *members;
    atomic_ulong generation;   // bumped once per run (and once to stop)
    atomic_int remaining;      // workers still busy in the current run
    atomic_int sleepers;
    atomic_int caller_waiting; // the caller sleeps until the last worker finishes
    nn_task task;
    void *context;
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_cond_t done;
};

static void *member_main(void *arg) {
    struct member *m = arg;
    nn_team *team = m->team;
    unsigned long seen = 0;
    for (;;) {
        int spins = 0;
        while (atomic_load(&team->generation) == seen && spins < SPINS) { PAUSE(); spins++; }
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
        team->task(team->context, m->index, team->workers);
        if (atomic_fetch_sub(&team->remaining, 1) == 1 && atomic_load(&team->caller_waiting)) {
            pthread_mutex_lock(&team->lock);
            pthread_cond_signal(&team->done);
            pthread_mutex_unlock(&team->lock);
        }
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

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double nn_team_run(nn_team *team, nn_task task, void *context) {
    if (team->workers == 1) { task(context, 0, 1); return 0; }
    team->task = task;
    team->context = context;
    atomic_store(&team->remaining, team->workers - 1);
    publish(team);
    task(context, 0, team->workers);
    const double finished = seconds_now();
    int spins = 0;
    while (atomic_load(&team->remaining) > 0 && spins < SPINS) { PAUSE(); spins++; }
    if (atomic_load(&team->remaining) > 0) {
        pthread_mutex_lock(&team->lock);
        atomic_store(&team->caller_waiting, 1);
        while (atomic_load(&team->remaining) > 0) pthread_cond_wait(&team->done, &team->lock);
        atomic_store(&team->caller_waiting, 0);
        pthread_mutex_unlock(&team->lock);
    }
    return seconds_now() - finished;
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
