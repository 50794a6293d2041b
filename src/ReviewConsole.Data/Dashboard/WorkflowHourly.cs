using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Dashboard;

/// <summary>
/// Counters per workflow, hour, automation level and model version, incremented in the transactions
/// that ingest and label. Manager charts read these, never the raw items.
/// </summary>
public sealed class WorkflowHourly
{
    public int WorkflowId { get; set; }
    public DateTimeOffset Bucket { get; set; }
    public required string Level { get; set; }
    public required string ModelVersion { get; set; }
    public long ItemsReceived { get; set; }
    public long AutoDecided { get; set; }
    public long HumanDecided { get; set; }
    public long TasksCreated { get; set; }
    public long TasksDone { get; set; }
    public long Compared { get; set; }
    public long Agreed { get; set; }
    public long Audits { get; set; }
    public long AuditsAgreed { get; set; }

    /// <summary>Time-to-decision histogram over ReviewConsole.Core's LatencyHistogram edges.</summary>
    public long[] DecisionLatency { get; set; } = [];
}

internal sealed class WorkflowHourlyConfiguration : IEntityTypeConfiguration<WorkflowHourly>
{
    public void Configure(EntityTypeBuilder<WorkflowHourly> builder)
    {
        builder.HasKey(h => new { h.WorkflowId, h.Bucket, h.Level, h.ModelVersion });
        builder.Property(h => h.Level).HasMaxLength(16);
        builder.Property(h => h.ModelVersion).HasMaxLength(100);
    }
}
