<?php
// Installs WordPress and writes blogport's test content through
// WordPress's own functions. Every sentence here is ours.
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
$_SERVER['REQUEST_URI'] = '/';
require getenv('WP_DIR') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';

wp_install('Harbour Workshop', 'editor', 'editor@example.com', true, '', 'editor-password-123');
wp_set_current_user(1);
wp_update_user(['ID' => 1, 'display_name' => 'Marta Lindqvist', 'nickname' => 'Marta']);
$ana = wp_insert_user(['user_login' => 'ana', 'user_pass' => 'ana-password-123', 'display_name' => 'Ana Sousa', 'role' => 'author']);
update_option('timezone_string', 'Europe/Berlin');
update_option('blogdescription', 'Notes from a small workshop by the sea');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
$wp_rewrite->flush_rules(false);
update_option('comment_moderation', 0);
update_option('comment_previously_approved', 0);

$workbench = wp_insert_term('Workbench', 'category', ['slug' => 'workbench'])['term_id'];
$lamps = wp_insert_term('Lamps', 'category', ['slug' => 'lamps', 'parent' => $workbench])['term_id'];
$travel = wp_insert_term('Travel', 'category', ['slug' => 'travel'])['term_id'];

function seed_image($name, $w, $h, $parent) {
	$im = imagecreatetruecolor($w, $h);
	for ($x = 0; $x < $w; $x += 40) {
		imagefilledrectangle($im, $x, 0, $x + 20, $h, imagecolorallocate($im, ($x / 7) % 255, 90, 160));
	}
	$tmp = wp_tempnam($name);
	imagejpeg($im, $tmp, 80);
	$id = media_handle_sideload(['name' => $name, 'tmp_name' => $tmp], $parent);
	if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
	return $id;
}

function seed_post($args) {
	$id = wp_insert_post(array_merge(['post_status' => 'publish', 'post_author' => 1], $args), true);
	if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
	return $id;
}

// A block-editor post, with an image large enough to be scaled down.
$harbour = seed_post(['post_title' => 'Harbour morning', 'post_name' => 'harbour-morning', 'post_author' => $ana,
	'post_date' => '2024-07-01 18:00:00', 'post_category' => [$travel], 'post_content' => '']);
$boats = seed_image('harbour-boats.jpg', 3000, 2000, $harbour);
update_post_meta($boats, '_wp_attachment_image_alt', 'Fishing boats at the quay');
$large = wp_get_attachment_image_src($boats, 'large')[0];
wp_update_post(['ID' => $harbour, 'post_content' => <<<HTML
<!-- wp:paragraph -->
<p>The harbour at six in the morning, written one block at a time.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3>What we packed</h3>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li>A thermos of tea</li><li>Two cameras and a spare battery</li></ul>
<!-- /wp:list -->

<!-- wp:image {"id":$boats,"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="$large" alt="Fishing boats at the quay" class="wp-image-$boats"/><figcaption class="wp-element-caption">Boats at first light</figcaption></figure>
<!-- /wp:image -->

<!-- wp:code -->
<pre class="wp-block-code"><code>tide = "high" if hour &lt; 6 else "low"</code></pre>
<!-- /wp:code -->

<!-- wp:table -->
<figure class="wp-block-table"><table><tbody><tr><td>Maria</td><td>blue</td></tr><tr><td>Lua</td><td>red</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=aBcDeFgHiJk","type":"video","providerNameSlug":"youtube","responsive":true} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=aBcDeFgHiJk
</div></figure>
<!-- /wp:embed -->
HTML]);

// A classic-editor post with a caption, code, a link to the other post,
// comments, and a slug that changed after publishing.
$lamp = seed_post(['post_title' => 'Clamp lamp, second try', 'post_name' => 'clamp-lamp-first-name',
	'post_date' => '2024-03-12 09:30:00', 'post_category' => [$lamps], 'tags_input' => ['solder', 'go'], 'post_content' => '']);
$photo = seed_image('bench-lamp.jpg', 1600, 1067, $lamp);
update_post_meta($photo, '_wp_attachment_image_alt', 'A clamp lamp over the bench');
$medium = wp_get_attachment_image_src($photo, 'medium')[0];
$full = wp_get_attachment_url($photo);
$harbour_link = get_permalink($harbour);
wp_update_post(['ID' => $lamp, 'post_name' => 'clamp-lamp-second-try', 'post_content' => <<<HTML
Every bench needs a lamp that reaches the awkward corner.
This one clamps to the shelf and swings out of the way.

[caption id="attachment_$photo" align="aligncenter" width="300"]<a href="$full"><img class="size-medium wp-image-$photo" src="$medium" alt="A clamp lamp over the bench" width="300" height="200" /></a> The lamp, finally in place[/caption]

<pre><code class="language-go">func toggle(on bool) bool { return !on }</code></pre>

After the bench, read about the <a href="$harbour_link">harbour morning</a>.
HTML]);
set_post_thumbnail($lamp, $photo);
$c1 = wp_insert_comment(['comment_post_ID' => $lamp, 'comment_author' => 'Ana Sousa', 'comment_author_email' => 'ana@example.com',
	'comment_content' => 'Which clamp did you use?', 'comment_approved' => 1, 'comment_date' => '2024-03-12 11:00:00']);
wp_insert_comment(['comment_post_ID' => $lamp, 'comment_author' => 'Marta Lindqvist', 'comment_author_email' => 'editor@example.com',
	'comment_content' => 'A cheap one with a rubber pad.', 'comment_parent' => $c1, 'comment_approved' => 1, 'comment_date' => '2024-03-12 12:00:00']);
wp_insert_comment(['comment_post_ID' => $lamp, 'comment_author' => 'Someone', 'comment_author_email' => 'someone@example.net',
	'comment_content' => 'MODERATION-ONLY-TEXT waiting for approval.', 'comment_approved' => 0]);

seed_post(['post_title' => 'Olá, café', 'post_name' => 'olá-café', 'post_author' => $ana, 'post_date' => '2024-05-09 20:00:00',
	'post_category' => [$travel], 'post_content' => "Uma nota curta: o café do porto estava ótimo.\n\nE o pão também."]);

// What must never reach a public archive.
seed_post(['post_title' => 'Unfinished idea', 'post_status' => 'draft', 'post_content' => 'DRAFT-ONLY-TEXT not ready yet.']);
seed_post(['post_title' => 'Private notes', 'post_status' => 'private', 'post_content' => 'PRIVATE-ONLY-TEXT for my eyes.']);
seed_post(['post_title' => 'Members only', 'post_password' => 'hunter2', 'post_date' => '2024-06-02 10:00:00',
	'post_content' => 'PASSWORD-ONLY-TEXT behind a password.']);
seed_post(['post_title' => 'Next year', 'post_status' => 'future', 'post_date' => '2031-01-10 08:00:00',
	'post_content' => 'SCHEDULED-ONLY-TEXT not yet.']);

$about = seed_post(['post_type' => 'page', 'post_title' => 'About us', 'post_name' => 'about', 'post_date' => '2024-01-05 12:00:00',
	'post_content' => 'A small workshop by the sea, kept by two people who like fixing things.']);
seed_post(['post_type' => 'page', 'post_title' => 'The team', 'post_name' => 'team', 'post_parent' => $about,
	'post_date' => '2024-01-06 12:00:00', 'post_content' => 'Marta solders. Ana photographs.']);

wp_delete_post(1, true);  // "Hello world!"
wp_delete_post(2, true);  // "Sample Page"
wp_delete_post(3, true);  // the privacy policy draft

[$password] = WP_Application_Passwords::create_new_application_password(1, ['name' => 'blogport-test']);
file_put_contents(getenv('OUT') . '/app-password', $password);
echo "seeded\n";
