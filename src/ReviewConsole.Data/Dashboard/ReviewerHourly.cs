using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Dashboard;

/// <summary>Labels per reviewer per hour: reviewer throughput without scanning tasks.</summary>
public sealed class ReviewerHourly
{
    public int WorkflowId { get; set; }
    public DateTimeOffset Bucket { get; set; }
    public required string Reviewer { get; set; }
    public long Labels { get; set; }
}

internal sealed class ReviewerHourlyConfiguration : IEntityTypeConfiguration<ReviewerHourly>
{
    public void Configure(EntityTypeBuilder<ReviewerHourly> builder)
    {
        builder.HasKey(h => new { h.WorkflowId, h.Bucket, h.Reviewer });
        builder.Property(h => h.Reviewer).HasMaxLength(256);
    }
}
