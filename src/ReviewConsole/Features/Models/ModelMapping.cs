using System.Text.Json;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Models;
using ReviewConsole.Data.Models;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Models;

public static class ModelMapping
{
    public static EvaluationResponse ToContract(this EvaluationReport r) => new(
        r.Count, r.Accuracy, r.MacroF1, r.ExpectedCalibrationError,
        r.Classes.Select(c => new ClassMetricsResponse(c.Label, c.Precision, c.Recall, c.F1, c.Support)).ToList(),
        r.Slices.Select(s => new SliceAccuracyResponse(s.Slice, s.Count, s.Accuracy)).ToList(),
        r.Labels, r.Confusion);

    public static ModelMetricsResponse? Metrics(this ModelVersion m) =>
        m.Metrics is null ? null : JsonSerializer.Deserialize<ModelMetricsResponse>(m.Metrics, JsonSerializerOptions.Web);

    public static ModelCardResponse? Card(this ModelVersion m) =>
        m.Card is null ? null : JsonSerializer.Deserialize<ModelCardResponse>(m.Card, JsonSerializerOptions.Web);

    public static ModelSummaryResponse ToSummary(this ModelVersion m, Workflow workflow)
    {
        var holdout = m.Metrics()?.Holdout;
        var alias = workflow.ChampionModelId == m.Id ? ModelAliases.Champion : workflow.ChallengerModelId == m.Id ? ModelAliases.Challenger : null;
        return new ModelSummaryResponse(m.Version, m.Kind, alias, holdout?.Accuracy, holdout?.MacroF1, holdout?.ExpectedCalibrationError,
            m.TrainRows, m.HoldoutRows, m.CreatedBy, m.CreatedAt);
    }

    public static TrainingJobResponse ToContract(this TrainingJob j, string workflowKey, string? version) =>
        new(j.Id, workflowKey, j.Status, j.Stage, j.Progress, j.Message, version, j.RequestedBy, j.CreatedAt, j.FinishedAt);
}
