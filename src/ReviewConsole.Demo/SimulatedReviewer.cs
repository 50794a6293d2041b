using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Demo;

/// <summary>
/// A stand-in for a team of careful reviewers, so the ladder's evidence grows while a newcomer looks
/// around: it claims and labels through the public API like anyone else, reads each invoice's vendor and is right
/// 99% of the time, whichever run posted the invoice.
/// </summary>
public sealed class SimulatedReviewer(HttpClient reviewer)
{
    public const string User = "sim-reviewer";
    private readonly Random _random = new(17);

    /// <summary>Labels one waiting item; false when nothing is waiting (or only items it does not know).</summary>
    public async Task<bool> LabelOneAsync(CancellationToken ct)
    {
        var claim = await reviewer.PostAsync($"api/v1/workflows/{DemoSeeder.WorkflowKey}/tasks:claim", null, ct);
        if (claim.StatusCode == HttpStatusCode.NoContent || !claim.IsSuccessStatusCode)
            return false;
        var task = (await claim.Content.ReadFromJsonAsync<ClaimResponse>(JsonSerializerOptions.Web, ct))!;
        if (InvoiceGenerator.CategoryOf(task.Item.Features) is not { } truth)
        {
            // Not an invoice it can read: leave it to the humans, and never be offered it again.
            await reviewer.PostAsJsonAsync($"api/v1/tasks/{task.TaskId}:skip", new LeaseRequest(task.LeaseToken), JsonSerializerOptions.Web, ct);
            return true;
        }
        var label = _random.NextDouble() < 0.99 ? truth : InvoiceGenerator.Labels[_random.Next(InvoiceGenerator.Labels.Length)];
        await reviewer.PostAsJsonAsync($"api/v1/tasks/{task.TaskId}/label", new LabelRequest(label, task.LeaseToken), JsonSerializerOptions.Web, ct);
        return true;
    }

    /// <summary>
    /// Labels at most <paramref name="rate"/> items a second while work is waiting; when the queue is empty it
    /// sleeps until the hub says an item was routed or a task came back, instead of polling the API.
    /// </summary>
    public async Task RunAsync(double rate, WorkSignal work, CancellationToken ct)
    {
        var pace = TimeSpan.FromSeconds(1 / Math.Max(rate, 0.01));
        while (!ct.IsCancellationRequested)
        {
            await work.WaitAsync(ct);
            try
            {
                if (await LabelOneAsync(ct))
                    work.Set();
            }
            catch (HttpRequestException ex)
            {
                Console.Error.WriteLine($"demo: console unreachable ({ex.Message}); retrying");
                work.Set();
            }
            await Task.Delay(pace, ct);
        }
    }
}
