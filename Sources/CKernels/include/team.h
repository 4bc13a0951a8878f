#ifndef NNTUTOR_TEAM_H
#define NNTUTOR_TEAM_H

/// A small fork-join team of threads for the training kernel, whose parallel phases last tens
/// of microseconds: between phases the workers spin briefly (a wake-up costs well under a
/// microsecond) and then sleep, so an idle team uses no CPU.
typedef struct nn_team nn_team;

/// One phase of work: called once on every worker, 0 ..< workers (the caller is worker 0).
typedef void (*nn_task)(void *context, int worker, int workers);

/// A team of `workers` (at least 1; workers − 1 threads are started). NULL if threads cannot
/// be created.
nn_team *nn_team_create(int workers);

int nn_team_size(const nn_team *team);

/// Runs `task` on every worker and returns when all have finished: the result is how long
/// (in seconds) the caller waited for the others after finishing its own share — large when
/// the other cores are busy with other programs.
double nn_team_run(nn_team *team, nn_task task, void *context);

/// Stops and joins the threads.
void nn_team_free(nn_team *team);

#endif
