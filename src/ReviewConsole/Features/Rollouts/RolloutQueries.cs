using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Data.Rollouts;

namespace ReviewConsole.Features.Rollouts;

public static class RolloutQueries
{
    /// <summary>The workflow's rollout in progress (running or paused): at most one, by the database's own index.</summary>
    public static IQueryable<Rollout> InProgress(this IQueryable<Rollout> rollouts, int workflowId) =>
        rollouts.Where(r => r.WorkflowId == workflowId && (r.Status == RolloutStatuses.Running || r.Status == RolloutStatuses.Paused));
}
