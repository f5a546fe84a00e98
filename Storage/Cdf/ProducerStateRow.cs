namespace Storage.Cdf;

/// <summary>One producer state change committed with the outbox's CDRs: an upsert, or a delete when <see cref="Value"/> is null.</summary>
public readonly record struct ProducerStateRow(string Key, byte[]? Value)
{
    public static ProducerStateRow Delete(string key) => new(key, null);
}
