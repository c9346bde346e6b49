use axum::{extract::Path, routing::get, Json, Router};
use demo_core::User;

async fn user(Path(id): Path<u64>) -> Json<User> {
    let raw = std::fs::read_to_string("users.json").unwrap_or_default();
    Json(User { id, name: raw })
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_env_filter(std::env::var("RUST_LOG").unwrap()).init();
    let app = Router::new().route("/users/:id", get(user));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
