// The API reference, drawn by Swagger UI from the OpenAPI document (the page works without it).
const root = document.getElementById('swagger-ui')
if (root && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: '#swagger-ui',
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: false
  })
}
