// Only in the consumer that opts openapi/router.json in: compiles only if the generator emitted MyApp.Router types.
internal static class UsesGeneratedTypes
{
    public static readonly Type Request = typeof(MyApp.Router.CreateResponse);
}
