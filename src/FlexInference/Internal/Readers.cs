namespace FlexInference.Internal;

/// <summary>One reader per result type, shared by every call.</summary>
internal static class Readers
{
    public static readonly TypedResponseReader<Response> Response = new(FlexInferenceJsonContext.Default.Response);
    public static readonly TypedResponseReader<CreateChatCompletionResponse> ChatCompletion = new(FlexInferenceJsonContext.Default.CreateChatCompletionResponse);
    public static readonly TypedResponseReader<InteractionObject> Interaction = new(FlexInferenceJsonContext.Default.InteractionObject);
    public static readonly TypedResponseReader<MessageObject> Message = new(FlexInferenceJsonContext.Default.MessageObject);
    public static readonly TypedResponseReader<ModelList> ModelList = new(FlexInferenceJsonContext.Default.ModelList);
    public static readonly TypedResponseReader<Model> Model = new(FlexInferenceJsonContext.Default.Model);
    public static readonly TypedResponseReader<Limits> Limits = new(FlexInferenceJsonContext.Default.Limits);
}
