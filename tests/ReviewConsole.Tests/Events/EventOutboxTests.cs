using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Data;
using ReviewConsole.Features.Events;

namespace ReviewConsole.Tests.Events;

/// <summary>Events leave after their transaction commits (never inside it, where NOTIFY would serialize commits), and never for a rollback.</summary>
public sealed class EventOutboxTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ACommittedTransactionsEventsArriveAndARolledBackOnesNever()
    {
        var workflow = await api.WorkflowAsync();
        var broadcaster = api.Factory.Services.GetRequiredService<EventBroadcaster>();
        using var listening = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<ConsoleEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var item in broadcaster.Subscribe(workflow.Key, listening.Token))
            {
                if (item.Data.Type != EventTypes.AlertRaised)
                    continue;
                lock (received)
                    received.Add(item.Data);
                if (item.Data.Label == "committed")
                    return;
            }
        });
        await Task.Delay(300);

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
            await using (var rolledBack = await db.Database.BeginTransactionAsync())
            {
                await db.PublishAsync(new ConsoleEvent(EventTypes.AlertRaised, workflow.Key, DateTimeOffset.UtcNow, Label: "rolled back"), default);
                await rolledBack.RollbackAsync();
            }
            await using var committed = await db.Database.BeginTransactionAsync();
            await db.PublishAsync(new ConsoleEvent(EventTypes.AlertRaised, workflow.Key, DateTimeOffset.UtcNow, Label: "committed"), default);
            // Held until the commit: nothing has been sent yet.
            await Task.Delay(300);
            lock (received)
                Assert.Empty(received);
            await committed.CommitAsync();
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(["committed"], received.Select(e => e.Label));
    }
}
