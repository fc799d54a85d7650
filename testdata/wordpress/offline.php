<?php
/*
 * Plugin Name: blogport test: offline
 * Description: The test site never calls out (oEmbed, updates, pings).
 */
add_filter('pre_http_request', function () {
	return new WP_Error('offline', 'blogport test site is offline');
}, 1);
