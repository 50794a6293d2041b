using System.Text.Json;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Routing;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Workflows;

public static class WorkflowMapping
{
    public static WorkflowResponse ToContract(this Workflow w) => new(
        w.Key,
        w.Name,
        w.Labels,
        w.Fields().Select(f => new FeatureDefinition(f.Name, f.Type.ToWire())).ToList(),
        w.Criticality,
        w.SliceFeature,
        w.Level,
        w.Threshold,
        w.CallbackUrl,
        new WorkflowQueueSettings(w.AuditPriority, w.EscalationPriority, w.LeaseSeconds, w.PartialAuditRate, w.FullAuditRate),
        w.CreatedAt);

    public static IReadOnlyList<FeatureField> Fields(this Workflow w) =>
        JsonSerializer.Deserialize<List<StoredField>>(w.FeatureSchema, JsonSerializerOptions.Web)!
            .Select(f => new FeatureField(f.Name, Wire.TryParse<FeatureType>(f.Type, out var t) ? t : FeatureType.Text))
            .ToList();

    public static string SerializeFields(IEnumerable<FeatureField> fields) =>
        JsonSerializer.Serialize(fields.Select(f => new StoredField(f.Name, f.Type.ToWire())), JsonSerializerOptions.Web);

    public static FeatureSchema Schema(this Workflow w) => new(w.Fields());

    public static RoutingPolicy RoutingPolicy(this Workflow w)
    {
        Wire.TryParse<AutomationLevel>(w.Level, out var level);
        return new RoutingPolicy(level, w.Threshold, w.PartialAuditRate, w.FullAuditRate);
    }

    private sealed record StoredField(string Name, string Type);
}
