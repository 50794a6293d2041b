using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Workflows;

public sealed class Workflow
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string[] Labels { get; set; }

    /// <summary>The feature schema as JSON: [{ "name", "type" }].</summary>
    public required string FeatureSchema { get; set; }

    public required string Criticality { get; set; }
    public string? SliceFeature { get; set; }
    public required string Level { get; set; }
    public double? Threshold { get; set; }
    public string? CallbackUrl { get; set; }
    public double PartialAuditRate { get; set; }
    public double FullAuditRate { get; set; }
    public int AuditPriority { get; set; }
    public int EscalationPriority { get; set; }
    public int LeaseSeconds { get; set; }

    /// <summary>Per-workflow overrides of the default gate numbers, as JSON; null uses the defaults.</summary>
    public string? GateOverrides { get; set; }

    /// <summary>The model that routes items without an external prediction (and whose label routes them).</summary>
    public int? ChampionModelId { get; set; }

    /// <summary>A candidate that scores every item silently; its predictions never route.</summary>
    public int? ChallengerModelId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.Property(w => w.Key).HasMaxLength(64);
        builder.HasIndex(w => w.Key).IsUnique();
        // A non-finite threshold once auto-decided every item and broke every read of the workflow: never again.
        builder.ToTable(t => t.HasCheckConstraint("ck_workflows_threshold", "threshold IS NULL OR (threshold >= 0 AND threshold <= 1)"));
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.FeatureSchema).HasColumnType("jsonb");
        builder.Property(w => w.Criticality).HasMaxLength(16);
        builder.Property(w => w.SliceFeature).HasMaxLength(100);
        builder.Property(w => w.Level).HasMaxLength(16);
        builder.Property(w => w.CallbackUrl).HasMaxLength(2000);
        builder.Property(w => w.CreatedBy).HasMaxLength(256);
        builder.Property(w => w.GateOverrides).HasColumnType("jsonb");
    }
}
