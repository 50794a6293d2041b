using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Drift;

/// <summary>
/// An item not yet counted into the feature profiles: appended in the ingest transaction, deleted by the
/// profile builder in the transaction that counts it. A narrow queue instead of a flag on items, because
/// flipping a flag rewrote every item row (and all its index entries) a second time.
/// </summary>
public sealed class ProfileQueueEntry
{
    public long ItemId { get; set; }
}

internal sealed class ProfileQueueEntryConfiguration : IEntityTypeConfiguration<ProfileQueueEntry>
{
    public void Configure(EntityTypeBuilder<ProfileQueueEntry> builder)
    {
        builder.ToTable("ProfileQueue");
        builder.HasKey(q => q.ItemId);
        builder.Property(q => q.ItemId).ValueGeneratedNever();
    }
}
