namespace Operations.Status;

/// <summary>What a program shows on its status page, below the readiness line and the active alarms the page adds itself.</summary>
public interface IStatusPageContent
{
    /// <summary>The page title, e.g. "CGF CGF01".</summary>
    string Title { get; }

    /// <summary>Writes the program's sections; called on every request, so it reads state the program already keeps.</summary>
    void Write(StatusPageWriter page);
}
