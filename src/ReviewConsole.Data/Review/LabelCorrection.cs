using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Review;

/// <summary>A reviewer's correction of their own label, kept beside the original; append-only.</summary>
public sealed class LabelCorrection
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long ItemId { get; set; }
    public int WorkflowId { get; set; }
    public required string FromLabel { get; set; }
    public required string ToLabel { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class LabelCorrectionConfiguration : IEntityTypeConfiguration<LabelCorrection>
{
    public void Configure(EntityTypeBuilder<LabelCorrection> builder)
    {
        builder.Property(c => c.FromLabel).HasMaxLength(200);
        builder.Property(c => c.ToLabel).HasMaxLength(200);
        builder.Property(c => c.Actor).HasMaxLength(256);
        builder.HasIndex(c => c.TaskId);
        builder.HasIndex(c => new { c.WorkflowId, c.At });
    }
}
