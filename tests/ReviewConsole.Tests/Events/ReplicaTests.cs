using System.Net.ServerSentEvents;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Events;

/// <summary>Two Api replicas on one database behave as one service.</summary>
public sealed class ReplicaTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnEventRaisedOnOneReplicaReachesSubscribersOfAnother()
    {
        using var replica = api.NewReplica();
        var workflow = await api.WorkflowAsync("shadow");
        var subscriber = await ApiSession.SignInAsync(replica.CreateClient, ApiSession.AdminUser, ApiSession.AdminPassword);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await subscriber.GetStreamAsync($"/api/v1/events?workflow={workflow.Key}", cancel.Token);
        var routed = Task.Run(async () =>
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
            {
                if (item.EventType == EventTypes.ItemRouted)
                    return item.Data;
            }
            return null;
        }, cancel.Token);
        await Task.Delay(300);

        await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("replica-1"));

        Assert.Contains("replica-1", await routed);
    }

    [Fact]
    public async Task ATokenIssuedByOneReplicaIsAcceptedByAnotherAndClaimsNeverCollide()
    {
        using var replica = api.NewReplica();
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("one"));
        var onFirst = await api.UserAsync("reviewer");
        var onSecond = replica.CreateClient();
        onSecond.DefaultRequestHeaders.Authorization = (await api.UserAsync("reviewer")).DefaultRequestHeaders.Authorization;

        var claims = await Task.WhenAll(
            onFirst.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null),
            onSecond.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null));

        Assert.Equal([200, 204], claims.Select(c => (int)c.StatusCode).Order());
    }
}
