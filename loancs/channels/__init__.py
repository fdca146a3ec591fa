"""Channel adapters: WeChat Official Account webhook, Asterisk AMI phone gateway.
Each turns an outside format into channel-role protocol frames."""
