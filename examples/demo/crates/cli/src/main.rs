use clap::Parser;

#[derive(Parser)]
struct Args {
    plan: String,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!("{}", core_types::limit(&args.plan)?);
    Ok(())
}
