using System.Collections.Concurrent;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Components.Shared;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Features.Events;

namespace ReviewConsole.Tests.Events;

/// <summary>Live pages coalesce bursts of events; a page that acts on some types must still get every one of them.</summary>
public sealed class LiveRefreshTests : BunitContext
{
    private static ConsoleEvent Event(string type) => new(type, "wf", DateTimeOffset.UtcNow);

    [Fact]
    public async Task AnEventTypeThePageNamesIsNotLostInABurstOfOthers()
    {
        var live = new LiveEvents(NullLogger<LiveEvents>.Instance);
        Services.AddSingleton(live);
        var seen = new ConcurrentQueue<string>();
        var busy = new TaskCompletionSource();
        Render<LiveRefresh>(p => p
            .Add(x => x.Workflow, "wf")
            .Add(x => x.Types, new HashSet<string> { EventTypes.RolloutChanged })
            .Add(x => x.OnEvent, async (ConsoleEvent e) =>
            {
                seen.Enqueue(e.Type);
                await busy.Task;
            }));

        // The first refresh is still running when the rollout changes again and traffic follows.
        live.Publish(Event(EventTypes.RolloutChanged));
        live.Publish(Event(EventTypes.RolloutChanged));
        live.Publish(Event(EventTypes.ItemRouted));
        live.Publish(Event(EventTypes.TaskClaimed));
        busy.SetResult();
        for (var i = 0; i < 50 && seen.Count < 2; i++)
            await Task.Delay(20);

        Assert.Equal([EventTypes.RolloutChanged, EventTypes.RolloutChanged], seen);
    }

    [Fact]
    public async Task EveryTypeThePageNamesThatArrivedDuringARefreshIsDeliveredOnce()
    {
        var live = new LiveEvents(NullLogger<LiveEvents>.Instance);
        Services.AddSingleton(live);
        var seen = new ConcurrentQueue<string>();
        var busy = new TaskCompletionSource();
        Render<LiveRefresh>(p => p
            .Add(x => x.Types, new HashSet<string> { EventTypes.RolloutChanged, EventTypes.TaskLabeled })
            .Add(x => x.OnEvent, async (ConsoleEvent e) =>
            {
                seen.Enqueue(e.Type);
                await busy.Task;
            }));

        live.Publish(Event(EventTypes.TaskLabeled));
        live.Publish(Event(EventTypes.RolloutChanged));
        live.Publish(Event(EventTypes.TaskLabeled));
        live.Publish(Event(EventTypes.TaskLabeled));
        busy.SetResult();
        for (var i = 0; i < 50 && seen.Count < 3; i++)
            await Task.Delay(20);
        await Task.Delay(100);

        // The first call, then one per type that waited (the three labels in a row count once).
        Assert.Equal(EventTypes.TaskLabeled, seen.First());
        Assert.Equal([EventTypes.RolloutChanged, EventTypes.TaskLabeled], seen.Skip(1).Order());
    }
}
