using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Components.Console;

namespace ReviewConsole.Features.Review;

/// <summary>
/// The keyboard-first review loop: claim, read, label, next. The lease is renewed while the page is
/// open; a lost lease or an unreachable database is said plainly and the page recovers by itself.
/// </summary>
public sealed partial class ReviewPage
{
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);

    [Parameter] public string Key { get; set; } = "";

    /// <summary><c>?queue=escalations</c>: the escalation queue that ML leads and admins work.</summary>
    [SupplyParameterFromQuery(Name = "queue")] public string? QueueName { get; set; }

    private bool Escalations => QueueName == ReviewQueues.Escalations;

    /// <summary>What waits in the queue this page works.</summary>
    private int Waiting => Escalations ? _queue?.Escalated ?? 0 : _queue?.Waiting ?? 0;

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    private WorkflowResponse? _workflow;
    private QueueSnapshot? _queue;
    private ClaimResponse? _task;
    private string? _notice;
    private string _noticeKind = "info";
    /// <summary>The last claim found nothing for this reviewer; what that means is read against the queue as it is now.</summary>
    private bool _nothingForYou;
    private int _waitingWhenNothing;
    private string? _escalationNote;
    private string? _lastAction;
    private bool _busy;
    private bool _apiDown;
    private int _labelledBySelf;
    private DotNetObjectReference<ReviewPage>? _self;
    private IJSObjectReference? _module;
    private IJSObjectReference? _shortcuts;

    protected override async Task OnInitializedAsync() => await GuardAsync(LoadAsync);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        _self = DotNetObjectReference.Create(this);
        _module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/review.js");
        _shortcuts = await _module.InvokeAsync<IJSObjectReference>("registerShortcuts", _self);
        StateHasChanged();
        RunInBackground(RenewLoopAsync);
    }

    /// <summary>The route names no workflow: the page says so instead of offering a queue.</summary>
    private bool _missing;

    /// <summary>The keys that accept ranked suggestions 1-3 (digits stay the labels' keys).</summary>
    private static readonly string[] SuggestionKeys = ["A", "B", "C"];

    [JSInvokable]
    public Task OnShortcut(string key)
    {
        if (_busy || _workflow is null)
            return Task.CompletedTask;
        if (_task is null)
            return key is "n" or "enter" ? GuardAsync(ClaimAsync) : Task.CompletedTask;
        if (key.Length == 1 && char.IsAsciiDigit(key[0]) && key[0] != '0')
        {
            var index = key[0] - '1';
            return index < _workflow.Labels.Count ? LabelAsync(_workflow.Labels[index]) : Task.CompletedTask;
        }
        // A, B, C accept the ranked suggestions when the page shows them.
        if (Array.IndexOf(SuggestionKeys, key.ToUpperInvariant()) is var rank and >= 0)
            return _task.Suggestions?.FirstOrDefault(s => s.Rank == rank + 1) is { } suggestion ? LabelAsync(suggestion.Label) : Task.CompletedTask;
        return key switch
        {
            "s" => SkipAsync(),
            "e" => EscalateAsync(),
            _ => Task.CompletedTask,
        };
    }

    private async Task LoadAsync()
    {
        var workflow = await Api.WorkflowAsync(Key, Disposed);
        if (!workflow.Ok)
        {
            _missing = workflow.Status == System.Net.HttpStatusCode.NotFound;
            if (!_missing)
                Notice(workflow.Message, "danger");
            return;
        }
        _workflow = workflow.Value;
        await RefreshQueueAsync();
    }

    private async Task RefreshQueueAsync()
    {
        var queue = await Api.QueueAsync(Key, Disposed);
        if (queue.Ok)
            _queue = queue.Value;
    }

    private Task OnLiveEventAsync(ConsoleEvent consoleEvent) => GuardAsync(async () =>
    {
        if (consoleEvent.Type != EventTypes.AutomationChanged)
        {
            await RefreshQueueAsync();
            return;
        }
        await LoadAsync();
        // The level changed under the open item: claiming again returns the same lease with what the ladder now shows.
        if (_task is { } held && await Api.ClaimAsync(Key, Disposed, Escalations) is { Ok: true, Value: { } again } && again.TaskId == held.TaskId)
            _task = again;
    });

    private Task ClaimAsync() => GuardAsync(async () =>
    {
        var claim = await Api.ClaimAsync(Key, Disposed, Escalations);
        if (claim.Status == HttpStatusCode.NoContent)
        {
            _task = null;
            _notice = null;
            await RefreshQueueAsync();
            _nothingForYou = true;
            _waitingWhenNothing = Waiting;
            return;
        }
        if (claim.Ok)
        {
            _task = claim.Value;
            _escalationNote = null;
            _notice = null;
            _nothingForYou = false;
        }
        else
        {
            Notice(claim.Message, "danger");
        }
        await RefreshQueueAsync();
    });

    private Task LabelAsync(string label) => WithTaskAsync(async task =>
    {
        var result = await Api.LabelAsync(task.TaskId, label, task.LeaseToken, Disposed);
        if (result.Ok)
        {
            _labelledBySelf++;
            _lastAction = $"Labelled {task.Item.ExternalId} as {label}";
            _correctable = new Correctable(task.TaskId, task.Item.ExternalId, label,
                DateTimeOffset.UtcNow.AddSeconds(CorrectionResponse.CorrectionWindowSeconds - 5));
            _task = null;
            await ClaimAsync();
        }
        else
        {
            HandleFailure(result.Status, result.Message);
        }
    });

    /// <summary>The reviewer's last label, correctable for two minutes (a mis-keyed digit is the commonest slip).</summary>
    private sealed record Correctable(long TaskId, string ExternalId, string Label, DateTimeOffset Until);

    private Correctable? _correctable;

    private Correctable? OpenCorrection => _correctable is { } c && DateTimeOffset.UtcNow < c.Until ? c : null;

    private Task CorrectAsync(string label) => GuardAsync(async () =>
    {
        if (OpenCorrection is not { } last)
            return;
        var result = await Api.CorrectAsync(last.TaskId, label, Disposed);
        if (result.Ok)
        {
            _lastAction = $"Corrected {last.ExternalId}: {last.Label} → {label}";
            _correctable = last with { Label = label };
        }
        else
        {
            _correctable = null;
            Notice(result.Message, "warning");
        }
    });

    private Task SkipAsync() => ReturnAsync((api, task) => api.SkipAsync(task.TaskId, task.LeaseToken, Disposed), "Skipped", claimNext: true);

    private Task EscalateAsync() =>
        ReturnAsync((api, task) => api.EscalateAsync(task.TaskId, task.LeaseToken, _escalationNote, Disposed), "Escalated", claimNext: true);

    private Task ReleaseAsync() => ReturnAsync((api, task) => api.ReleaseAsync(task.TaskId, task.LeaseToken, Disposed), "Released", claimNext: false);

    private Task ReturnAsync(Func<ConsoleApi, ClaimResponse, Task<ApiResponse<LeaseResponse>>> action, string verb, bool claimNext) =>
        WithTaskAsync(async task =>
        {
            var result = await action(Api, task);
            if (!result.Ok)
            {
                HandleFailure(result.Status, result.Message);
                return;
            }
            _lastAction = $"{verb} {task.Item.ExternalId}";
            _task = null;
            if (claimNext)
                await ClaimAsync();
            else
                await RefreshQueueAsync();
        });

    private async Task WithTaskAsync(Func<ClaimResponse, Task> action)
    {
        if (_task is not { } task || _busy)
            return;
        _busy = true;
        try
        {
            await GuardAsync(() => action(task));
        }
        finally
        {
            _busy = false;
            StateHasChanged();
        }
    }

    private void HandleFailure(HttpStatusCode status, string message)
    {
        if (status == HttpStatusCode.Conflict)
        {
            _task = null;
            Notice("Your lease on that item was lost (it expired or was released), so someone else may have it. Claim the next item.", "warning");
        }
        else
        {
            Notice(message, "danger");
        }
    }

    private async Task RenewLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RenewInterval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (_task is not { } task)
                continue;
            await InvokeAsync(() => GuardAsync(async () =>
            {
                var renewed = await Api.RenewAsync(task.TaskId, task.LeaseToken, ct);
                if (!renewed.Ok && _task?.TaskId == task.TaskId)
                    HandleFailure(renewed.Status, renewed.Message);
            }));
        }
    }

    /// <summary>Runs a console call; if the database is unreachable, says so and retries loading until it is back.</summary>
    private async Task GuardAsync(Func<Task> action)
    {
        try
        {
            await action();
            if (_apiDown)
                _apiDown = false;
        }
        catch (DatabaseUnavailableException)
        {
            if (!_apiDown)
            {
                _apiDown = true;
                RunInBackground(RecoverAsync);
            }
        }
        catch (OperationCanceledException) when (Disposed.IsCancellationRequested)
        {
        }
        StateHasChanged();
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        while (_apiDown)
        {
            await Task.Delay(RecoveryInterval, ct);
            await InvokeAsync(() => GuardAsync(LoadAsync));
        }
    }

    private void Notice(string message, string kind)
    {
        _notice = message;
        _noticeKind = kind;
        _nothingForYou = false;
    }

    private void DismissNotice()
    {
        _notice = null;
        _nothingForYou = false;
    }

    /// <summary>
    /// What the banner says now. "Nothing is waiting" is only said while the queue agrees: with items waiting that this
    /// reviewer may not take (ones they skipped) it says so instead, and once new items arrive it gives way to the claim button.
    /// </summary>
    private NoticeView? CurrentNotice
    {
        get
        {
            if (_notice is not null)
                return new NoticeView(_notice, _noticeKind, _noticeKind switch
                {
                    "danger" => Severity.Error,
                    "warning" => Severity.Warning,
                    _ => Severity.Info,
                });
            if (!_nothingForYou || _task is not null)
                return null;
            var waiting = Waiting;
            if (waiting == 0)
                return new NoticeView("Nothing is waiting for you right now. New items appear here live.", "info", Severity.Info);
            if (waiting > _waitingWhenNothing)
                return null;
            return new NoticeView(
                waiting == 1
                    ? "The 1 waiting item is not one you can take (you skipped it, so it waits for another reviewer). New items appear here live."
                    : $"None of the {waiting} waiting items is one you can take (you skipped them, so they wait for other reviewers). New items appear here live.",
                "info", Severity.Info);
        }
    }

    private sealed record NoticeView(string Text, string Kind, Severity Severity, bool Dismissable = true);

    private static string Ago(DateTimeOffset at)
    {
        var age = DateTimeOffset.UtcNow - at;
        return age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        try
        {
            if (_shortcuts is not null)
            {
                await _shortcuts.InvokeVoidAsync("dispose");
                await _shortcuts.DisposeAsync();
            }
            if (_module is not null)
                await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; nothing to unregister.
        }
        _self?.Dispose();
    }
}
