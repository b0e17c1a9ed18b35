// The API reference, drawn by Swagger UI from the OpenAPI document (the page works without it).
const root = document.getElementById('swagger-ui')
// The page has its own title and introduction: Swagger UI's info block (another <h1>) is left out.
const withoutInfo = () => ({ wrapComponents: { info: () => () => null } })
if (root && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    plugins: [withoutInfo],
    url: root.dataset.openapiUrl,
    dom_id: '#swagger-ui',
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: false
  })
}
