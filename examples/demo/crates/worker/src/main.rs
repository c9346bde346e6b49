#[async_std::main]
async fn main() {
    if atty::is(atty::Stream::Stdout) {
        println!("worker started");
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
}
