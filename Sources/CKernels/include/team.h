#ifndef NNTUTOR_TEAM_H
#define NNTUTOR_TEAM_H

/// A small fork-join team of threads for the training kernel, whose parallel phases last tens
/// of microseconds: between phases the workers spin briefly (a wake-up costs well under a
/// microsecond) and then sleep, so an idle team uses no CPU.
typedef struct nn_team nn_team;

/// One phase of work, split in chunks: called once for every chunk, 0 ..< chunks.
typedef void (*nn_task)(void *context, int chunk, int chunks);

/// A team of `workers` (at least 1; workers − 1 threads are started). NULL if threads cannot
/// be created.
nn_team *nn_team_create(int workers);

int nn_team_size(const nn_team *team);

/// Runs `task` for chunks 0 ..< `chunks` on at most `threads` threads (the caller and the
/// first threads − 1 workers) and returns when all have finished. Each chunk is run once, by
/// whichever of those threads claims it first — the caller among them — so a worker that
/// wakes late (another program holds its core) leaves its chunks to the caller rather than
/// keeping it waiting. The result is how long (in seconds) the caller waited for others after
/// it found no chunk left to claim.
double nn_team_run(nn_team *team, int threads, int chunks, nn_task task, void *context);

/// Stops and joins the threads.
void nn_team_free(nn_team *team);

#endif
