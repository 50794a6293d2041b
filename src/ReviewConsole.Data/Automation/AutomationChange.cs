using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Automation;

/// <summary>One move on the ladder; append-only: who, when, why, forced or automatic, and the evidence then.</summary>
public sealed class AutomationChange
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public required string FromLevel { get; set; }
    public required string ToLevel { get; set; }
    public double? Threshold { get; set; }
    public required string Actor { get; set; }
    public required string Justification { get; set; }
    public bool Forced { get; set; }
    public bool Automatic { get; set; }

    /// <summary>JSON snapshot of every gate value (and the guardrail) at the moment of the change.</summary>
    public required string Evidence { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class AutomationChangeConfiguration : IEntityTypeConfiguration<AutomationChange>
{
    public void Configure(EntityTypeBuilder<AutomationChange> builder)
    {
        builder.Property(c => c.FromLevel).HasMaxLength(16);
        builder.Property(c => c.ToLevel).HasMaxLength(16);
        builder.Property(c => c.Actor).HasMaxLength(256);
        builder.Property(c => c.Justification).HasMaxLength(4000);
        builder.Property(c => c.Evidence).HasColumnType("jsonb");
        builder.HasIndex(c => new { c.WorkflowId, c.At });
    }
}
