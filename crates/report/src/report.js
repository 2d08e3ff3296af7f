// Search-as-you-type over the story list, and printing with every piece of evidence open.
// The page works without it.
(function () {
  var input = document.getElementById('story-filter');
  if (input) {
    var none = document.getElementById('story-none');
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      document.querySelectorAll('#story-list li').forEach(function (li) {
        var key = li.getAttribute('data-search') || '';
        var show = words.every(function (w) { return key.indexOf(w) !== -1; });
        if (show) shown++;
        li.hidden = !show;
        var link = li.querySelector('a');
        var story = link && document.getElementById(decodeURIComponent(link.getAttribute('href').replace(/^.*#/, '')));
        if (story && story.classList.contains('story')) story.hidden = !show;
      });
      if (none) none.hidden = shown !== 0;
    });
  }
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.setAttribute('open', ''); });
  });
  var target = document.querySelector('.sent-target');
  if (target) target.scrollIntoView({ block: 'center' });
})();
